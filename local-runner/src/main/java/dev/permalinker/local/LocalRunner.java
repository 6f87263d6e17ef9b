package dev.permalinker.local;

import dev.permalinker.model.ConfigException;
import dev.permalinker.telemetry.LogConfig;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code permalinker-local}: the whole pipeline on one machine. Parsed by picocli, as {@code permalinker-ops} is:
 * {@code --help} on every command and a {@code help} command, and an unknown argument refused with "did you mean",
 * so a typo such as {@code serve --simulte} never starts against a real stack.
 *
 * <pre>
 * permalinker-local demo [--assets N] [--rate R]   self-contained burst through the pipeline and a summary
 * permalinker-local serve [--simulate]              long-lived: ingest on PORT, SQS on SQS_PORT, worker polling
 * </pre>
 */
@Command(name = "permalinker-local", mixinStandardHelpOptions = true, version = "permalinker-local 0.1.0",
        description = "The whole Permalinker pipeline on one machine: embedded SQS, the ingest over HTTP, the worker,"
                + " the reconciler and release actions, wired from the same variables as on AWS.",
        subcommands = {LocalRunner.DemoCommand.class, ServeCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done (demo: every asset got exactly one permanent URL; serve: stopped by SIGTERM)",
                "1:the demo found a problem, or serve could not start (a port in use, a signing key unreachable)",
                "2:usage error or invalid configuration",
                "3:DATA_DIR cannot be used"})
public final class LocalRunner implements Callable<Integer> {
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    private LocalRunner() {
    }

    public static void main(String[] args) {
        // The JDK HTTP servers (ingest, simulator) without TCP_NODELAY meet delayed ACKs: ~40 ms per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        if (args.length == 0 || !args[0].equals("serve")) {
            // The demo talks on the terminal; per-message logs would drown its progress line.
            System.setProperty(LogConfig.LEVEL_PROPERTY, "warn");
        }
        // Always an exit: an exception must never leave the JVM running on its servers' threads.
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new LocalRunner());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler(LocalRunner::usageError);
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> report(e, err));
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** One line saying what is wrong (and the likely intended word), then where the usage is. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        PrintWriter err = line.getErr();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                message += "; did you mean " + String.join(" or ", suggestions) + "?";
            }
        }
        err.println("error: " + message);
        err.println("usage: " + line.getCommandSpec().qualifiedName() + " --help");
        return USAGE;
    }

    /** Every failure is one {@code error:} line and an exit code; nothing is left running. */
    static int report(Exception e, PrintStream err) {
        if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
        if (e instanceof DataDirectory.DataDirectoryException) {
            err.println("error: " + e.getMessage());
            return DataDirectory.EXIT_CODE;
        }
        BindException bind = cause(e, BindException.class);
        if (bind != null) {
            err.println("error: " + e.getMessage() + ": " + bind.getMessage()
                    + " (another permalinker-local serve? stop it, or choose another PORT / SQS_PORT)");
            return FAILED;
        }
        // Something the process needs at start is missing, e.g. Contentstack's signing key: say what.
        err.println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        return FAILED;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Variables that give {@code serve} a real CMA to write to: a token in any documented form, or a CMA URL. */
    private static final List<String> CMA_TARGET_VARIABLES = List.of("CS_MANAGEMENTTOKEN", "CS_MANAGEMENTTOKENS",
            "CS_MANAGEMENTTOKEN_SECRET_ARN", "CS_MANAGEMENTTOKENS_SECRET_ARN", "CS_CMA_URL");

    /** Whether {@code serve} without {@code --simulate} has a stack to write to (the worker's config checks more). */
    static boolean hasCmaTarget(Map<String, String> env) {
        return CMA_TARGET_VARIABLES.stream().anyMatch(env::containsKey);
    }

    /** {@code demo}: a burst through the whole pipeline against the simulator, and a summary. */
    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = {"Starts everything embedded (SQS, ingest, worker, a simulated Contentstack CMA), sends a "
                    + "burst of signed asset-creation webhooks with duplicates and bad requests, and prints a summary.",
                    "Exit code 0 only if every asset got exactly one permanent URL."})
    static final class DemoCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--assets", paramLabel = "<n>", defaultValue = "300",
                description = "assets to create, at least 1 (default: ${DEFAULT-VALUE})")
        int assets;
        @Option(names = "--rate", paramLabel = "<writes/s>", defaultValue = "20",
                description = "the simulated organisation's CMA rate limit, above 0 (default: ${DEFAULT-VALUE})")
        double rate;

        @Override
        public Integer call() throws Exception {
            if (assets < 1) {
                throw new ParameterException(spec.commandLine(), "--assets must be at least 1, was " + assets);
            }
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new ParameterException(spec.commandLine(), "--rate must be a number above 0, was " + rate);
            }
            return new Demo(assets, rate, System.out).run();
        }
    }
}
