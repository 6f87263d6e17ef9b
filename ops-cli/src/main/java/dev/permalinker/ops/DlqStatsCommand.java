package dev.permalinker.ops;

import dev.permalinker.aws.SqsQueues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code dlq stats}: queue and DLQ counts, the DLQ by failure code. */
@Command(name = "stats", description = "Visible and in-flight counts of the queue and the DLQ; DLQ counts by "
        + "failure.code (max_receives: moved by the queue's redrive policy).")
final class DlqStatsCommand implements Callable<Integer> {
    @ParentCommand
    DlqCommand dlq;
    @Option(names = "--json", description = "one JSON object, for scripts: {\"queue\":{\"name\",\"visible\","
            + "\"inFlight\"} or null, \"dlq\":{…}, \"dlqByCode\":{code: count}}")
    boolean asJson;

    @Override
    public Integer call() {
        OpsCli cli = dlq.cli;
        try (SqsClient sqs = cli.sqs()) {
            DlqOperations.Stats stats = cli.dlq(sqs, false).stats();
            if (asJson) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("queue", stats.queue() == null ? null : counts(cli.queueUrl(), stats.queue()));
                view.put("dlq", counts(cli.dlqUrl(), stats.dlq()));
                view.put("dlqByCode", stats.dlqByCode());
                cli.out.println(cli.json.write(view));
                return 0;
            }
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

    private static Map<String, Object> counts(String url, SqsQueues.Counts counts) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", OpsCli.name(url));
        view.put("visible", counts.visible());
        view.put("inFlight", counts.inFlight());
        return view;
    }
}
