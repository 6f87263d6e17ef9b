package dev.permalinker.ops;

import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.SqsQueues;
import dev.permalinker.cma.ContentstackClient;
import dev.permalinker.cma.StackWebhooks;
import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.AssetLedger;
import dev.permalinker.ledger.LedgerUnavailableException;
import dev.permalinker.model.DeploymentOutput;
import dev.permalinker.model.Identifiers;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.ops.deploy.DeploymentFactsException;
import dev.permalinker.ops.trace.AssetStory;
import dev.permalinker.ops.trace.AssetTrace;
import dev.permalinker.ops.trace.LocalEventLog;
import dev.permalinker.ops.trace.LogEventSource;
import dev.permalinker.ops.trace.TraceGap;
import dev.permalinker.ops.trace.TraceReport;
import dev.permalinker.ops.trace.TraceSources;
import dev.permalinker.ops.trace.WebhookExecutionLookup;
import dev.permalinker.ops.trace.aws.CloudWatchLogsInsights;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code trace <assetUid>}: "why has this asset no permanent URL?" in one read-only command. The composition root of
 * the trace: it picks the sources (the CMA, serve's log file or CloudWatch Logs, the queues, Contentstack's webhook
 * executions) from the options and the environment, and {@link AssetTrace} tells the story.
 */
@Command(name = "trace", description = "Read-only: one asset's story, oldest first (the asset ledger's row first "
        + "when the ledger is configured: LEDGER_TABLE, or serve's data directory; the CMA now, the webhook we "
        + "answered, the job and each worker outcome, the DLQ and the queue, Contentstack's deliveries) and a verdict:"
        + " ok, waiting, dead-lettered: <code>, never received, deleted (not found: an unknown uid).%n"
        + "Our events come from serve's log in its data directory (with --endpoint-url, --data-dir or --log-file), "
        + "else from CloudWatch Logs Insights over --log-group or the log groups of --cfn-stack.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the permanent URL is set", "1:it is not (the verdict says why)", "2:usage error"})
final class TraceCommand implements Callable<Integer> {
    /** Long enough for a day of two functions' logs; a narrower --since is faster. */
    private static final Duration QUERY_DEADLINE = Duration.ofSeconds(60);
    /** One Logs Insights call, the SDK's retries included. */
    private static final Duration LOGS_CALL_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration CMA_TIMEOUT = Duration.ofSeconds(10);
    /** More than any DLQ a person reads; the scan gives every message back. */
    private static final int DLQ_SCAN_LIMIT = 10_000;

    @ParentCommand
    OpsCli cli;
    @Parameters(index = "0", paramLabel = "<assetUid>", description = "the asset's uid (blt…)")
    String assetUid;
    @Option(names = "--stack", paramLabel = "<apiKey>", description = "the stack (default: the first of CS_APIKEY)")
    String stack;
    @Option(names = "--branch", paramLabel = "<uid>", defaultValue = "main", description = "default ${DEFAULT-VALUE}")
    String branch;
    @Option(names = "--since", paramLabel = "<time>", defaultValue = "24h",
            converter = OptionValues.SinceConverter.class,
            description = "how far back to read logs and deliveries: " + OptionValues.TIME_FORMS + "; default "
                    + "${DEFAULT-VALUE}")
    OptionValues.Since since;
    @Option(names = "--json", description = "the same story as one JSON object")
    boolean asJson;
    @Option(names = "--data-dir", paramLabel = "<dir>", description = "serve's DATA_DIR (default with --endpoint-url: "
            + "DATA_DIR or ./.permalinker-data)")
    Path dataDir;
    @Option(names = "--log-file", paramLabel = "<file>", description = "serve's JSON log file itself")
    Path logFile;
    @Option(names = "--log-group", paramLabel = "<name>", description = "a CloudWatch log group to query "
            + "(repeatable; default: those of --cfn-stack)")
    List<String> logGroups = new ArrayList<>();
    @Option(names = "--cfn-stack", paramLabel = "<name>",
            description = "the CloudFormation stack whose log groups to query (default: permalinker-ops --stack, "
                    + "PERMALINKER_STACK, else Permalinker)")
    String cfnStack;

    @Override
    public Integer call() {
        if (assetUid == null || !Identifiers.isSafe(assetUid)) {
            cli.err.println("error: not an asset uid: " + assetUid + " (expected [A-Za-z0-9_-]{1,64}, e.g. "
                    + "blt0123456789abcdef)");
            return OpsCli.USAGE;
        }
        if (!Identifiers.isSafe(branch)) {
            cli.err.println("error: --branch must be a branch uid ([A-Za-z0-9_-]{1,64}), was " + branch);
            return OpsCli.USAGE;
        }
        Instant now = Instant.now();
        Duration window = Duration.between(since.from(now), now);
        if (window.isNegative() || window.isZero()) {
            cli.err.println("error: --since must be in the past, was " + since);
            return OpsCli.USAGE;
        }
        OpsConfig config = cli.config();
        String apiKey = stack != null ? stack : config.apiKeys().isEmpty() ? null : config.apiKeys().get(0);
        if (apiKey == null || !Identifiers.isSafe(apiKey)) {
            cli.err.println("error: " + (apiKey == null ? "the stack is unknown: set CS_APIKEY or pass --stack"
                    : "--stack must be a stack API key, was " + apiKey));
            return OpsCli.USAGE;
        }
        try (Queues queues = new Queues(apiKey, branch); Ledger ledger = new Ledger()) {
            AssetTrace trace = new AssetTrace(ledger.rows(), cma(config), config.region(),
                    config.cma().assetHost(), logs(), queues::deadLetters, queues::counts, executions(config),
                    Clock.systemUTC());
            AssetStory story = trace.trace(apiKey, branch, assetUid, window);
            if (asJson) {
                cli.out.println(cli.json.write(TraceReport.json(story)));
            } else {
                TraceReport.print(story, Instant.now(), cli.out);
            }
            return story.verdict().exitCode();
        }
    }

    /**
     * A {@code --since} duration; {@code null} for anything else. At most what the short form can say (999999d): a
     * longer ISO-8601 value (PT9999999999999H) overflowed the window's start, a crash instead of a usage error.
     */
    static Duration parseSince(String value) {
        OptionValues.Since parsed = OptionValues.since(value);
        return parsed == null || parsed.ago() == null ? null : parsed.ago();
    }

    private TraceSources.AssetLookup cma(OpsConfig config) {
        return (apiKey, branchUid, uid) -> {
            if (config.tokens() == null || !config.tokens().has(apiKey)) {
                throw new TraceGap("no management token for stack " + apiKey
                        + ": set CS_MANAGEMENTTOKEN or CS_MANAGEMENTTOKENS to read the asset");
            }
            return ContentstackClient.create(cli.cmaBaseUrl(), config.tokens(), cli.json)
                    .getAsset(apiKey, branchUid, uid, CMA_TIMEOUT);
        };
    }

    /** serve's log when a local option says so (or the CLI talks to a local SQS endpoint), else CloudWatch Logs. */
    private LogEventSource logs() {
        if (logFile != null) {
            return new LocalEventLog(logFile, cli.json);
        }
        if (dataDir != null || cli.dataDir != null || cli.endpointUrl != null && logGroups.isEmpty()) {
            Path dir = dataDir != null ? dataDir : cli.deployments().dataDir();
            return LocalEventLog.inDataDirectory(dir, cli.json);
        }
        String awsRegion = cli.region != null ? cli.region : cli.config().awsRegion();
        if (awsRegion == null) {
            return LogEventSource.unavailable("the AWS region is unknown: set AWS_REGION or pass --region (or "
                    + "--data-dir for serve's log)");
        }
        CloudWatchLogsInsights insights = new CloudWatchLogsInsights(AwsClients.operator(awsRegion).client(
                CloudWatchLogsClient.builder(), LOGS_CALL_TIMEOUT, null), logGroups, QUERY_DEADLINE,
                Duration.ofSeconds(1));
        if (!logGroups.isEmpty()) {
            return insights;
        }
        String stackName = cfnStack != null ? cfnStack : cli.deployments().stackName();
        try {
            // The stack's log group outputs first (one DescribeStacks, shared with every other fact); an older
            // stack without them is searched by name prefix as before.
            List<String> outputs = cfnStack != null ? List.of() : cli.deployments().logGroups();
            if (!outputs.isEmpty()) {
                return insights.withLogGroups(outputs);
            }
        } catch (DeploymentFactsException e) {
            return LogEventSource.unavailable(e.getMessage());
        }
        try {
            List<String> found = insights.logGroupsOfStack(stackName);
            if (found.isEmpty()) {
                return LogEventSource.unavailable("no log group named " + stackName + "-… (pass --cfn-stack with the "
                        + "stack's name, or --log-group)");
            }
            return insights.withLogGroups(found);
        } catch (TraceGap e) {
            return LogEventSource.unavailable(e.getMessage());
        }
    }

    private TraceSources.Executions executions(OpsConfig config) {
        return (apiKey, branchUid, uid, from) -> {
            if (config.tokens() == null || !config.tokens().has(apiKey)) {
                throw new TraceGap("no management token for stack " + apiKey + " to read its webhook executions");
            }
            return new WebhookExecutionLookup(StackWebhooks.create(cli.cmaBaseUrl(), config.tokens(), cli.json),
                    CMA_TIMEOUT).forAsset(apiKey, branchUid, uid, from);
        };
    }

    /**
     * The asset ledger, when configured ({@code LEDGER_TABLE}, or the ledger in serve's data directory when the trace
     * reads serve's log); a ledger that cannot be opened is a gap in the story, not a failed trace.
     */
    private final class Ledger implements AutoCloseable {
        private AssetLedger ledger;
        private String unavailable;
        private final boolean configured;

        Ledger() {
            OpsLedger.Where where;
            try {
                where = OpsLedger.where(cli.env(), localDataDir());
            } catch (RuntimeException e) {
                where = new OpsLedger.NotConfigured();
                unavailable = CommandLineHabits.reason(e);
            }
            configured = !(where instanceof OpsLedger.NotConfigured) || unavailable != null;
            if (unavailable == null && configured) {
                try {
                    ledger = OpsLedger.open(where, cli.awsRegion(), cli.json);
                } catch (RuntimeException e) {
                    unavailable = "the asset ledger cannot be opened: " + CommandLineHabits.reason(e);
                }
            }
        }

        /** {@code null} when no ledger is configured. */
        TraceSources.LedgerRows rows() {
            if (!configured) {
                return null;
            }
            return (apiKey, branchUid, uid) -> {
                if (ledger == null) {
                    throw new TraceGap(unavailable);
                }
                try {
                    return ledger.find(new AssetKey(apiKey, branchUid, uid));
                } catch (LedgerUnavailableException e) {
                    throw new TraceGap("the asset ledger did not answer: " + CommandLineHabits.reason(e), e);
                }
            };
        }

        @Override
        public void close() {
            if (ledger != null) {
                ledger.close();
            }
        }
    }

    /** serve's data directory when the trace reads serve's log, else {@code null}. */
    private Path localDataDir() {
        if (dataDir != null) {
            return dataDir;
        }
        if (logFile != null) {
            return logFile.toAbsolutePath().getParent();
        }
        if (cli.dataDir != null) {
            return cli.dataDir;
        }
        return cli.endpointUrl != null && logGroups.isEmpty() ? OpsLedger.localDataDir(cli.env()) : null;
    }

    /** The queues, opened on first use; a queue that is not configured is a gap, not an error. */
    private final class Queues implements AutoCloseable {
        private final String apiKey;
        private final String branchUid;
        private SqsClient sqs;

        Queues(String apiKey, String branchUid) {
            this.apiKey = apiKey;
            this.branchUid = branchUid;
        }

        private SqsClient sqs() {
            if (sqs == null) {
                try {
                    sqs = cli.sqs();
                } catch (OpsCli.MissingSetting e) {
                    throw new TraceGap(e.getMessage());
                }
            }
            return sqs;
        }

        List<DlqMessage> deadLetters(String uid) {
            String dlqUrl = url(cli.dlqUrl, cli.config().dlqUrl(), DeploymentOutput.DeadLetterQueueUrl,
                    "DLQ_URL or --dlq-url");
            return new DlqOperations(sqs(), null, dlqUrl, cli.json).peek(DLQ_SCAN_LIMIT).stream()
                    .filter(message -> uid.equals(message.assetUid()) && about(message)).toList();
        }

        /** Whether the dead letter is this stack's and branch's job (one of another stack may share the uid). */
        private boolean about(DlqMessage message) {
            try {
                PermalinkJob job = cli.json.read(message.body(), PermalinkJob.class);
                return (job.apiKey() == null || job.apiKey().equals(apiKey))
                        && (job.branch() == null || job.branch().equals(branchUid));
            } catch (IllegalArgumentException e) {
                return true;
            }
        }

        TraceSources.QueueView counts() {
            SqsQueues.Counts jobs = SqsQueues.counts(sqs(), url(cli.queueUrl, cli.config().queueUrl(),
                    DeploymentOutput.QueueUrl, "QUEUE_URL or --queue-url"));
            String dlqUrl = optional(cli.dlqUrl, cli.config().dlqUrl(), DeploymentOutput.DeadLetterQueueUrl);
            SqsQueues.Counts dlq = dlqUrl == null ? null : SqsQueues.counts(sqs(), dlqUrl);
            return new TraceSources.QueueView(jobs.visible(), jobs.inFlight(), dlq == null ? -1 : dlq.visible(),
                    dlq == null ? -1 : dlq.inFlight());
        }

        private String url(String option, String configured, DeploymentOutput output, String hint) {
            String url = optional(option, configured, output);
            if (url == null) {
                throw new TraceGap("the queue is unknown: set " + hint + ", or pass --stack (or --data-dir)");
            }
            return url;
        }

        /** The option, the variable, else the deployment's fact; null when none gives it. */
        private String optional(String option, String configured, DeploymentOutput output) {
            try {
                return cli.optionalSetting(option, configured, output).orElse(null);
            } catch (DeploymentFactsException e) {
                throw new TraceGap(e.getMessage());
            }
        }

        @Override
        public void close() {
            if (sqs != null) {
                sqs.close();
            }
        }
    }
}
