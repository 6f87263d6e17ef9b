package dev.permalinker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** What a command-line user expects of every command (issue 28's walkthrough), without a network. */
class CommandLineHabitsTest {
    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OpsCli.run(args, Map.of("CS_APIKEY", "bltstack"), new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Every command of the tree, as the words typed after {@code permalinker-ops}. */
    static Stream<List<String>> everyCommand() {
        CommandLine root = new CommandLine(new OpsCli(Map.of(), System.out, System.err));
        CommandLineHabits.apply(root);
        List<List<String>> all = new ArrayList<>();
        collect(root, new ArrayList<>(), all);
        return all.stream();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> all) {
        all.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            List<String> next = new ArrayList<>(path);
            next.add(name);
            collect(sub, next, all);
        });
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void help_everyCommandAndSubcommand_exits0WithItsUsage(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");

        Run run = run(args.toArray(String[]::new));

        assertThat(run.exit()).as(String.join(" ", args) + ": " + run.err()).isZero();
        assertThat(run.out()).contains("Usage: permalinker-ops" + (command.isEmpty() ? "" : " "
                + String.join(" ", command)));
    }

    @Test
    void everyCommand_coversTheSubcommands() {
        assertThat(everyCommand().map(c -> String.join(" ", c)))
                .contains("dlq stats", "dlq peek", "dlq redrive", "dlq purge", "trace", "backfill",
                        "send-test-webhook", "webhook status", "help");
    }

    @Test
    void helpCommand_namesASubcommandsUsage_exit0() {
        Run run = run("help", "dlq");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: permalinker-ops dlq").contains("redrive");
    }

    @Test
    void unknownSubcommand_refusedWithDidYouMean_exit2() {
        Run run = run("dlq", "stat");

        assertThat(run.exit()).isEqualTo(OpsCli.USAGE);
        assertThat(run.err()).startsWith("error: ").contains("stat").contains("Did you mean").contains("stats")
                .contains("permalinker-ops dlq --help");
    }

    @Test
    void unknownOption_refusedWithTheCloseOne_exit2() {
        Run run = run("dlq", "peek", "--jsn");

        assertThat(run.exit()).isEqualTo(OpsCli.USAGE);
        assertThat(run.err()).contains("--jsn").contains("--json");
    }

    @Test
    void misspelledTopLevelCommand_suggested() {
        Run run = run("trce", "blt1");

        assertThat(run.exit()).isEqualTo(OpsCli.USAGE);
        assertThat(run.err()).contains("trace");
    }

    static Stream<Object[]> badValues() {
        return Stream.of(
                new Object[] {new String[] {"dlq", "peek", "--max", "-1"}, "--max", "1 to"},
                new Object[] {new String[] {"dlq", "peek", "--max", "0"}, "--max", "1 to"},
                new Object[] {new String[] {"dlq", "redrive", "--max", "many"}, "--max", "1 to"},
                new Object[] {new String[] {"dlq", "redrive", "--rate", "0"}, "--rate", "above 0"},
                new Object[] {new String[] {"dlq", "redrive", "--rate", "fast"}, "--rate", "above 0"},
                new Object[] {new String[] {"dlq", "redrive", "--code", "bogus_code"}, "--code",
                        "asset_deleted, unauthorized, rejected, invalid_job, max_receives, hook_failed"},
                new Object[] {new String[] {"trace", "blt1", "--since", "yesterday"}, "--since", "2026-12-01"},
                new Object[] {new String[] {"backfill", "--since", "last week"}, "--since", "90m"},
                new Object[] {new String[] {"backfill", "--grace", "-PT1H"}, "--grace", "PT15M"});
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void badValue_refusedNamingTheOptionAndWhatItAccepts_exit2(String[] args, String option, String accepts) {
        Run run = run(args);

        assertThat(run.exit()).as(run.err()).isEqualTo(OpsCli.USAGE);
        assertThat(run.err()).startsWith("error: ").contains(option).contains(accepts)
                .doesNotContain("Exception").doesNotContain("java.").doesNotContain("null");
        assertThat(run.out()).as("nothing was done").isEmpty();
    }

    @Test
    void reason_neverNullNorAClassName() {
        assertThat(CommandLineHabits.reason(new RuntimeException(new java.net.ConnectException())))
                .isEqualTo("connection refused");
        assertThat(CommandLineHabits.reason(new IllegalStateException())).isEqualTo("no reason given");
        assertThat(CommandLineHabits.reason(new IllegalStateException("boom"))).isEqualTo("boom");
    }

    @Test
    void failureCodes_listsEveryCode() {
        assertThat(Arrays.asList(OptionValues.failureCodes().split(", "))).hasSize(
                dev.permalinker.model.FailureCode.values().length);
    }
}
