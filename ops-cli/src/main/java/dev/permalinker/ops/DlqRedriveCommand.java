package dev.permalinker.ops;

import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.AssetLedger;
import dev.permalinker.ledger.LedgerUnavailableException;
import dev.permalinker.ledger.QueueSource;
import dev.permalinker.model.Identifiers;
import dev.permalinker.model.PermalinkJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** {@code dlq redrive}: dead letters moved back to the queue they came from, a message leaving only once sent. */
@Command(name = "redrive", description = "Move DLQ messages back to the job queue: same group, fresh "
        + "deduplication id, the failure carried as redriven.failure.* attributes. Receive, send, then delete: a "
        + "message leaves the DLQ only once the queue has it. Refused (on a dry run too) when a message is of another "
        + "kind than the queue (release actions into the job queue, or the reverse) or the queue's redrive policy "
        + "names another DLQ. With the asset ledger (LEDGER_TABLE, or serve's data directory) each redriven asset is "
        + "marked queued by redrive, so the reconciler no longer leaves it to the DLQ.")
final class DlqRedriveCommand implements Callable<Integer> {
    @ParentCommand
    DlqCommand dlq;
    @Option(names = "--max", defaultValue = "2147483647", converter = OptionValues.PositiveCount.class,
            description = "move at most this many")
    int max;
    @Option(names = "--code", converter = OptionValues.FailureCodeConverter.class,
            completionCandidates = OptionValues.FailureCodes.class,
            description = "only messages with this failure.code: ${COMPLETION-CANDIDATES}")
    String code;
    @Option(names = "--asset", paramLabel = "<assetUid>", description = "only the dead letter(s) of this asset "
            + "(what trace offers for one asset)")
    String asset;
    @Option(names = "--dry-run", description = "count what would move; move nothing")
    boolean dryRun;
    @Option(names = "--rate", defaultValue = "50", converter = OptionValues.PositiveRate.class, description =
            "messages per second (default ${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--move-task", description = "on AWS, without --code, --asset or --max: let SQS move everything "
            + "(StartMessageMoveTask). ElasticMQ accepts but does not run it for FIFO queues.")
    boolean moveTask;

    @Override
    public Integer call() {
        OpsCli cli = dlq.cli;
        if (asset != null && !Identifiers.isSafe(asset)) {
            throw new OpsCli.MissingSetting("--asset must be an asset uid (" + Identifiers.SAFE_ID + "), was "
                    + asset);
        }
        try (SqsClient sqs = cli.sqs()) {
            if (moveTask) {
                return startMoveTask(cli, sqs);
            }
            DlqOperations operations = cli.dlq(sqs, true);
            int visible = operations.counts(cli.dlqUrl()).visible();
            try (Marks marks = new Marks(cli)) {
                ProgressBar bar = new ProgressBar(cli.err, dryRun ? "checking" : "redriving", Math.min(visible, max));
                DlqOperations.RedriveResult result = operations.redrive(
                        new DlqOperations.RedriveFilter(max, code, asset), dryRun, rate, operations.sqsSender(),
                        message -> marks.redriven(message), bar::update);
                bar.finish();
                if (result.refusal() != null) {
                    cli.err.println("error: refused, nothing moved: " + result.refusal());
                    return OpsCli.USAGE;
                }
                String filter = (code == null ? "" : " with code " + code) + (asset == null ? "" : " of " + asset);
                if (dryRun) {
                    cli.out.printf("dry run: would move %d message(s)%s to %s; %d other(s) stay in the DLQ%n",
                            result.matched(), filter, OpsCli.name(cli.queueUrl()), result.skipped());
                    return 0;
                }
                cli.out.printf("moved %d of %d matching message(s)%s to %s; %d other(s) stay in the DLQ%n",
                        result.moved(), result.matched(), filter, OpsCli.name(cli.queueUrl()), result.skipped());
                marks.report();
                if (!"done".equals(result.stoppedBecause())) {
                    cli.err.println("stopped: " + result.stoppedBecause() + "; the rest is still in the DLQ");
                    return OpsCli.FAILED;
                }
            }
        }
        return 0;
    }

    private int startMoveTask(OpsCli cli, SqsClient sqs) {
        if (code != null || asset != null || max != Integer.MAX_VALUE || dryRun) {
            throw new OpsCli.MissingSetting("--move-task moves everything: it cannot be combined with --code, "
                    + "--asset, --max or --dry-run");
        }
        DlqOperations.QueueKind from = DlqOperations.QueueKind.ofQueue(cli.dlqUrl());
        DlqOperations.QueueKind to = DlqOperations.QueueKind.ofQueue(cli.queueUrl());
        if (from != to) {
            cli.err.println("error: refused: " + OpsCli.name(cli.dlqUrl()) + " holds dead letters of "
                    + from.messages() + " and " + OpsCli.name(cli.queueUrl()) + " is " + to.queue()
                    + ": pass the queue it serves with --queue-url");
            return OpsCli.USAGE;
        }
        String source = arn(sqs, cli.dlqUrl());
        String destination = arn(sqs, cli.queueUrl());
        String handle = sqs.startMessageMoveTask(r -> r.sourceArn(source).destinationArn(destination)
                .maxNumberOfMessagesPerSecond((int) Math.max(1, rate))).taskHandle();
        cli.out.println("started message move task " + handle + " from " + source + " to " + destination
                + " (SQS keeps each message's attributes; the asset ledger is not marked: run trace per asset)");
        return 0;
    }

    private static String arn(SqsClient sqs, String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /**
     * The asset ledger's {@code REDRIVE} marks, when the ledger is configured: a dead-lettered asset is the DLQ's
     * for the reconciler until a redrive makes it eligible again. A ledger that cannot be reached costs the mark,
     * never the redrive (the worker records the job's outcome whatever the mark).
     */
    private static final class Marks implements AutoCloseable {
        private final OpsCli cli;
        private final AssetLedger ledger;
        private String unavailable;
        private int marked;

        Marks(OpsCli cli) {
            this.cli = cli;
            AssetLedger opened = null;
            try {
                opened = OpsLedger.open(OpsLedger.where(cli.env(), cli.deployments().local()
                        ? cli.deployments().dataDir() : null), cli.awsRegion(), cli.json);
            } catch (RuntimeException e) {
                unavailable = CommandLineHabits.reason(e);
            }
            this.ledger = opened;
        }

        void redriven(DlqMessage message) {
            if (ledger == null || unavailable != null) {
                return;
            }
            PermalinkJob job;
            try {
                job = cli.json.read(message.body(), PermalinkJob.class);
                if (job.assetUid() == null) {
                    return;
                }
                ledger.markQueued(AssetKey.of(job), QueueSource.REDRIVE);
                marked++;
            } catch (LedgerUnavailableException e) {
                unavailable = CommandLineHabits.reason(e);
            } catch (IllegalArgumentException e) {
                // not a job (a release action), or a job whose ids are not the contract's: nothing to mark
            }
        }

        void report() {
            if (unavailable != null) {
                cli.err.println("warning: the asset ledger was not marked (" + unavailable + "): the worker still "
                        + "records each job's outcome; until then the reconciler leaves these assets to the DLQ");
            } else if (ledger != null) {
                cli.out.println("asset ledger: " + marked + " asset(s) marked queued by redrive");
            }
        }

        @Override
        public void close() {
            if (ledger != null) {
                ledger.close();
            }
        }
    }
}
