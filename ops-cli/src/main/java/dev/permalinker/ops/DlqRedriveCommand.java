package dev.permalinker.ops;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** {@code dlq redrive}: dead letters moved back to the job queue, a message leaving only once sent. */
@Command(name = "redrive", description = "Move DLQ messages back to the job queue: same group, fresh "
        + "deduplication id, failure attributes stripped. Receive, send, then delete: a message leaves the DLQ "
        + "only once the queue has it.")
final class DlqRedriveCommand implements Callable<Integer> {
    @ParentCommand
    DlqCommand dlq;
    @Option(names = "--max", defaultValue = "2147483647", description = "move at most this many")
    int max;
    @Option(names = "--code", description = "only messages with this failure.code (e.g. unauthorized, max_receives)")
    String code;
    @Option(names = "--dry-run", description = "count what would move; move nothing")
    boolean dryRun;
    @Option(names = "--rate", defaultValue = "50", description = "messages per second (default ${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--move-task", description = "on AWS, without --code or --max: let SQS move everything "
            + "(StartMessageMoveTask). ElasticMQ accepts but does not run it for FIFO queues.")
    boolean moveTask;

    @Override
    public Integer call() {
        OpsCli cli = dlq.cli;
        try (SqsClient sqs = cli.sqs()) {
            if (moveTask) {
                return startMoveTask(cli, sqs);
            }
            DlqOperations operations = cli.dlq(sqs, true);
            int visible = operations.counts(cli.dlqUrl()).visible();
            ProgressBar bar = new ProgressBar(cli.err, dryRun ? "checking" : "redriving", Math.min(visible, max));
            DlqOperations.RedriveResult result = operations.redrive(max, code, dryRun, rate,
                    operations.sqsSender(), bar::update);
            bar.finish();
            if (dryRun) {
                cli.out.printf("dry run: would move %d message(s)%s; %d other(s) stay in the DLQ%n",
                        result.matched(), code == null ? "" : " with code " + code, result.skipped());
                return 0;
            }
            cli.out.printf("moved %d of %d matching message(s) to %s; %d other(s) stay in the DLQ%n",
                    result.moved(), result.matched(), OpsCli.name(cli.queueUrl()), result.skipped());
            if (!"done".equals(result.stoppedBecause())) {
                cli.err.println("stopped: " + result.stoppedBecause() + "; the rest is still in the DLQ");
                return OpsCli.FAILED;
            }
        }
        return 0;
    }

    private int startMoveTask(OpsCli cli, SqsClient sqs) {
        if (code != null || max != Integer.MAX_VALUE || dryRun) {
            throw new OpsCli.MissingSetting("--move-task moves everything: it cannot be combined with --code, --max or "
                    + "--dry-run");
        }
        String source = arn(sqs, cli.dlqUrl());
        String destination = arn(sqs, cli.queueUrl());
        String handle = sqs.startMessageMoveTask(r -> r.sourceArn(source).destinationArn(destination)
                .maxNumberOfMessagesPerSecond((int) Math.max(1, rate))).taskHandle();
        cli.out.println("started message move task " + handle + " from " + source + " to " + destination);
        return 0;
    }

    private static String arn(SqsClient sqs, String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }
}
