package dev.permalinker.ops;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code webhook}: the stack's webhooks, as Contentstack sees them. */
@Command(name = "webhook", description = "Check the stack's webhooks (read-only).",
        subcommands = {WebhookStatusCommand.class})
final class WebhookCommand implements Callable<Integer> {
    @ParentCommand
    OpsCli cli;

    @Override
    public Integer call() {
        CommandLine.usage(this, cli.out);
        return OpsCli.USAGE;
    }
}
