package dev.permalinker.ops;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code dlq stats}: queue and DLQ counts, the DLQ by failure code. */
@Command(name = "stats", description = "Visible and in-flight counts of the queue and the DLQ; DLQ counts by "
        + "failure.code (max_receives: moved by the queue's redrive policy).")
final class DlqStatsCommand implements Callable<Integer> {
    @ParentCommand
    DlqCommand dlq;

    @Override
    public Integer call() {
        OpsCli cli = dlq.cli;
        try (SqsClient sqs = cli.sqs()) {
            DlqOperations.Stats stats = cli.dlq(sqs, false).stats();
            if (stats.queue() != null) {
                cli.out.printf("queue %-40s %6d visible %6d in flight%n", OpsCli.name(cli.queueUrl()),
                        stats.queue().visible(), stats.queue().inFlight());
            }
            cli.out.printf("dlq   %-40s %6d visible %6d in flight%n", OpsCli.name(cli.dlqUrl()), stats.dlq().visible(),
                    stats.dlq().inFlight());
            cli.out.println("dlq by failure.code:");
            if (stats.dlqByCode().isEmpty()) {
                cli.out.println("  (empty)");
            }
            stats.dlqByCode().forEach((code, n) -> cli.out.printf("  %-16s %d%n", code, n));
        }
        return 0;
    }
}
