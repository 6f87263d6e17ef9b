package dev.permalinker.ops;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What a command-line user expects of every command, applied once to the whole tree (so a command added later gets it
 * without remembering): {@code --help} and {@code --version} on every command and subcommand, a {@code help} command,
 * and a usage error as one {@code error:} line, picocli's "did you mean" suggestions and where the help is, exit 2.
 * https://picocli.info/#_mixin_standard_help_options, https://picocli.info/#_handling_errors
 */
final class CommandLineHabits {
    private CommandLineHabits() {
    }

    static void apply(CommandLine root) {
        String[] version = root.getCommandSpec().version();
        helpOptions(root, version);
        if (!root.getSubcommands().containsKey("help")) {
            root.addSubcommand("help", new CommandLine.HelpCommand());
        }
        root.setParameterExceptionHandler(CommandLineHabits::usageError);
    }

    private static void helpOptions(CommandLine command, String[] version) {
        CommandSpec spec = command.getCommandSpec();
        if (!spec.mixinStandardHelpOptions()) {
            spec.mixinStandardHelpOptions(true);
            if (spec.version().length == 0) {
                spec.version(version);
            }
        }
        command.getSubcommands().values().forEach(sub -> helpOptions(sub, version));
    }

    /** One line saying what was wrong, picocli's suggestions for a typo, and the command's help. */
    static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("see: " + command.getCommandSpec().qualifiedName() + " --help");
        err.flush();
        return OpsCli.USAGE;
    }

    /** A failure's reason in words: its message, or its cause's; never {@code null} or a class name. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // A wrapper's message made from its cause (new RuntimeException(cause)) is the cause's class name.
            boolean ownMessage = t.getCause() == null
                    || !String.valueOf(t.getMessage()).equals(t.getCause().toString());
            if (t.getMessage() != null && !t.getMessage().isBlank() && ownMessage) {
                return t.getMessage();
            }
            if (t instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
                return "timed out";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "unknown host";
            }
        }
        return "no reason given";
    }
}
