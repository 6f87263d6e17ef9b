package dev.permalinker.ops;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code dlq peek}: dead letters listed without being consumed. */
@Command(name = "peek", description = "Show DLQ messages without consuming them (their visibility is given back).")
final class DlqPeekCommand implements Callable<Integer> {
    @ParentCommand
    DlqCommand dlq;
    @Option(names = "--max", defaultValue = "20", converter = OptionValues.PositiveCount.class,
            description = "at most this many (default ${DEFAULT-VALUE})")
    int max;
    @Option(names = "--json", description = "one JSON array, for scripts")
    boolean asJson;

    @Override
    public Integer call() {
        OpsCli cli = dlq.cli;
        try (SqsClient sqs = cli.sqs()) {
            List<DlqMessage> messages = cli.dlq(sqs, false).peek(max);
            Instant now = Instant.now();
            if (asJson) {
                cli.out.println(cli.json.write(messages.stream().map(m -> DlqOperations.view(m, now)).toList()));
                return 0;
            }
            cli.out.printf("%-24s %-14s %8s %8s  %s%n", "ASSET UID", "CODE", "ATTEMPTS", "AGE", "DETAIL");
            for (DlqMessage m : messages) {
                Object age = DlqOperations.view(m, now).get("ageSeconds");
                // The detail quotes what failed (a filename, a CMA's words): printed, never as terminal controls.
                cli.out.printf("%-24s %-14s %8d %7ss  %s%n", TerminalText.safe(m.assetUid()),
                        TerminalText.safe(m.code()), m.attempts(), age == null ? "?" : age,
                        TerminalText.safe(m.detail()));
            }
            cli.out.println(messages.size() + " message(s)");
        }
        return 0;
    }
}
