package dev.permalinker.ops;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code dlq}: the dead-letter queue's subcommands. */
@Command(name = "dlq", description = "Inspect and replay the dead-letter queue.",
        subcommands = {DlqStatsCommand.class, DlqPeekCommand.class, DlqRedriveCommand.class, DlqPurgeCommand.class})
final class DlqCommand implements Callable<Integer> {
    @ParentCommand
    OpsCli cli;

    @Override
    public Integer call() {
        CommandLine.usage(this, cli.out);
        return OpsCli.USAGE;
    }
}
