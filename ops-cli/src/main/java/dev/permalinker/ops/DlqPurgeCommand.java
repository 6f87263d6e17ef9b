package dev.permalinker.ops;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code dlq purge}: every dead letter deleted, only with {@code --yes}. */
@Command(name = "purge", description = "Delete every message in the DLQ. Requires --yes.")
final class DlqPurgeCommand implements Callable<Integer> {
    @ParentCommand
    DlqCommand dlq;
    @Option(names = "--yes", description = "yes, delete them all")
    boolean yes;

    @Override
    public Integer call() {
        OpsCli cli = dlq.cli;
        if (!yes) {
            cli.err.println("error: purge deletes every dead-lettered job for good; run it again with --yes");
            return OpsCli.USAGE;
        }
        try (SqsClient sqs = cli.sqs()) {
            cli.dlq(sqs, false).purge();
            cli.out.println("purged " + OpsCli.name(cli.dlqUrl()));
        }
        return 0;
    }
}
