package dev.permalinker.ops;

import dev.permalinker.model.ConfigException;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.cma.AssetPages;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** {@code permalinker-ops}: see, fix and replay what failed; backfill old assets; send a test webhook. */
@Command(name = "permalinker-ops", mixinStandardHelpOptions = true, version = "permalinker-ops 0.1.0",
        description = "Operate a Permalinker deployment: the dead-letter queue, backfills and test webhooks.%n"
                + "Works against AWS (default credential chain, --region) or a local SQS endpoint (--endpoint-url, "
                + "e.g. the local runner's http://127.0.0.1:9324). Queue URLs come from QUEUE_URL and DLQ_URL or the "
                + "options; the CMA from CS_APIKEY, CS_MANAGEMENTTOKEN, CS_REGION or CS_CMA_URL.",
        subcommands = {OpsCli.Dlq.class, OpsCli.BackfillCommand.class, OpsCli.SendTestWebhook.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done",
                "1:the operation failed or stopped part-way; nothing was lost, the message says what is left",
                "2:usage error or missing configuration",
                "3:endpoint unreachable or queue not found"})
public final class OpsCli implements Callable<Integer> {
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    @Option(names = "--endpoint-url", description = "SQS endpoint, e.g. http://127.0.0.1:9324 (local runner)")
    URI endpointUrl;
    @Option(names = "--region", description = "AWS region (default: AWS_REGION)")
    String region;
    @Option(names = "--queue-url", description = "the job queue (default: QUEUE_URL)")
    String queueUrl;
    @Option(names = "--dlq-url", description = "the dead-letter queue (default: DLQ_URL)")
    String dlqUrl;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final JsonCodec json = JsonCodec.create();
    private OpsConfig config;

    OpsCli(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, OpsConfig.processEnvironment(), System.out, System.err));
    }

    /** Runs one command line; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        OpsCli cli = new OpsCli(env, out, err);
        CommandLine commandLine = new CommandLine(cli);
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> cli.report(e));
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, out);
        return USAGE;
    }

    private int report(Exception e) {
        if (e instanceof ConfigException || e instanceof MissingSetting) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
        if (e instanceof QueueDoesNotExistException) {
            err.println("error: no such queue: " + e.getMessage() + " (check QUEUE_URL / DLQ_URL and --region)");
            return UNREACHABLE;
        }
        if (e instanceof SdkClientException || e instanceof java.net.ConnectException
                || e instanceof java.io.UncheckedIOException) {
            err.println("error: cannot reach " + (endpointUrl != null ? endpointUrl : "the endpoint") + ": "
                    + e.getMessage());
            return UNREACHABLE;
        }
        if (e instanceof SdkException) {
            err.println("error: AWS refused: " + e.getMessage());
            return FAILED;
        }
        err.println("error: " + e);
        return FAILED;
    }

    /** A value the command needs and neither an option nor the environment gave. */
    static final class MissingSetting extends RuntimeException {
        MissingSetting(String message) {
            super(message);
        }
    }

    OpsConfig config() {
        if (config == null) {
            config = OpsConfig.fromEnv(env);
        }
        return config;
    }

    String queueUrl() {
        String url = queueUrl != null ? queueUrl : config().queueUrl();
        if (url == null) {
            throw new MissingSetting("the job queue is unknown: set QUEUE_URL or pass --queue-url");
        }
        return url;
    }

    String dlqUrl() {
        String url = dlqUrl != null ? dlqUrl : config().dlqUrl();
        if (url == null) {
            throw new MissingSetting("the dead-letter queue is unknown: set DLQ_URL or pass --dlq-url");
        }
        return url;
    }

    SqsClient sqs() {
        String awsRegion = region != null ? region : config().awsRegion();
        var builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (endpointUrl != null) {
            builder.endpointOverride(endpointUrl).region(Region.of(awsRegion != null ? awsRegion : "us-east-1"));
            if (!env.containsKey("AWS_ACCESS_KEY_ID") && !env.containsKey("AWS_PROFILE")) {
                builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
            }
        } else {
            if (awsRegion == null) {
                throw new MissingSetting("the AWS region is unknown: set AWS_REGION or pass --region");
            }
            builder.region(Region.of(awsRegion)).credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    DlqOperations dlq(SqsClient sqs, boolean needsQueue) {
        return new DlqOperations(sqs, needsQueue ? queueUrl() : queueUrl != null ? queueUrl : config().queueUrl(),
                dlqUrl(), json);
    }

    @Command(name = "dlq", description = "Inspect and replay the dead-letter queue.",
            subcommands = {Stats.class, Peek.class, Redrive.class, Purge.class})
    static final class Dlq implements Callable<Integer> {
        @ParentCommand
        OpsCli cli;

        @Override
        public Integer call() {
            CommandLine.usage(this, cli.out);
            return USAGE;
        }
    }

    @Command(name = "stats", description = "Visible and in-flight counts of the queue and the DLQ; DLQ counts by "
            + "failure.code (max_receives: moved by the queue's redrive policy).")
    static final class Stats implements Callable<Integer> {
        @ParentCommand
        Dlq dlq;

        @Override
        public Integer call() {
            OpsCli cli = dlq.cli;
            try (SqsClient sqs = cli.sqs()) {
                DlqOperations.Stats stats = cli.dlq(sqs, false).stats();
                if (stats.queue() != null) {
                    cli.out.printf("queue %-40s %6d visible %6d in flight%n", name(cli.queueUrl()),
                            stats.queue().visible(), stats.queue().inFlight());
                }
                cli.out.printf("dlq   %-40s %6d visible %6d in flight%n", name(cli.dlqUrl()), stats.dlq().visible(),
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

    @Command(name = "peek", description = "Show DLQ messages without consuming them (their visibility is given back).")
    static final class Peek implements Callable<Integer> {
        @ParentCommand
        Dlq dlq;
        @Option(names = "--max", defaultValue = "20", description = "at most this many (default ${DEFAULT-VALUE})")
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
                    cli.out.printf("%-24s %-14s %8d %7ss  %s%n", m.assetUid(), m.code(), m.attempts(),
                            age == null ? "?" : age, m.detail());
                }
                cli.out.println(messages.size() + " message(s)");
            }
            return 0;
        }
    }

    @Command(name = "redrive", description = "Move DLQ messages back to the job queue: same group, fresh "
            + "deduplication id, failure attributes stripped. Receive, send, then delete: a message leaves the DLQ "
            + "only once the queue has it.")
    static final class Redrive implements Callable<Integer> {
        @ParentCommand
        Dlq dlq;
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
                        result.moved(), result.matched(), name(cli.queueUrl()), result.skipped());
                if (!"done".equals(result.stoppedBecause())) {
                    cli.err.println("stopped: " + result.stoppedBecause() + "; the rest is still in the DLQ");
                    return FAILED;
                }
            }
            return 0;
        }

        private int startMoveTask(OpsCli cli, SqsClient sqs) {
            if (code != null || max != Integer.MAX_VALUE || dryRun) {
                throw new MissingSetting("--move-task moves everything: it cannot be combined with --code, --max or "
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

    @Command(name = "purge", description = "Delete every message in the DLQ. Requires --yes.")
    static final class Purge implements Callable<Integer> {
        @ParentCommand
        Dlq dlq;
        @Option(names = "--yes", description = "yes, delete them all")
        boolean yes;

        @Override
        public Integer call() {
            OpsCli cli = dlq.cli;
            if (!yes) {
                cli.err.println("error: purge deletes every dead-lettered job for good; run it again with --yes");
                return USAGE;
            }
            try (SqsClient sqs = cli.sqs()) {
                cli.dlq(sqs, false).purge();
                cli.out.println("purged " + name(cli.dlqUrl()));
            }
            return 0;
        }
    }

    @Command(name = "backfill", description = "Enqueue a job for every asset of the stack that has no permanent URL "
            + "(paged through GET /v3/assets within the CMA's rate limit).")
    static final class BackfillCommand implements Callable<Integer> {
        @ParentCommand
        OpsCli cli;
        @Option(names = "--since", description = "only assets created on or after this date (2026-11-01) or instant")
        String since;
        @Option(names = "--dry-run", description = "count what would be enqueued; enqueue nothing")
        boolean dryRun;
        @Option(names = "--api-key", description = "the stack (default: the first of CS_APIKEY)")
        String apiKey;

        @Override
        public Integer call() {
            OpsConfig config = cli.config();
            String stack = apiKey != null ? apiKey : config.apiKeys().isEmpty() ? null : config.apiKeys().get(0);
            if (stack == null) {
                throw new MissingSetting("the stack is unknown: set CS_APIKEY or pass --api-key");
            }
            if (config.tokens() == null || !config.tokens().has(stack)) {
                throw new MissingSetting("a management token for the stack " + stack + " is required to list its "
                        + "assets: set CS_MANAGEMENTTOKEN or CS_MANAGEMENTTOKENS");
            }
            Instant from = since == null ? null : parseSince(since);
            try (SqsClient sqs = cli.sqs()) {
                DlqOperations operations = new DlqOperations(sqs, cli.queueUrl(), null, cli.json);
                AssetPages cma = new AssetPages(config.cmaBaseUrl(), config.tokens(), cli.json);
                ProgressBar[] bar = new ProgressBar[1];
                Backfill.Result result = new Backfill(cma, operations.sqsSender(), cli.json, Clock.systemUTC(),
                        config.rateLimit()).run(stack, from, dryRun, (done, total) -> {
                            if (bar[0] == null) {
                                bar[0] = new ProgressBar(cli.err, "scanning", total);
                            }
                            bar[0].update(done);
                        });
                if (bar[0] != null) {
                    bar[0].finish();
                }
                cli.out.printf("scanned %d asset(s): %d already have a permanent URL, %d before --since, %d %s%n",
                        result.scanned(), result.alreadySet(), result.tooOld(), result.enqueued(),
                        dryRun ? "would be enqueued (dry run)" : "enqueued");
            }
            return 0;
        }

        private static Instant parseSince(String value) {
            try {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(value).toInstant();
                } catch (DateTimeParseException again) {
                    throw new MissingSetting("--since must be a date (2026-11-01) or an instant "
                            + "(2026-11-01T00:00:00Z), was " + value);
                }
            }
        }
    }

    @Command(name = "send-test-webhook", description = "Sign a sample asset-creation webhook with the configured "
            + "secrets (CS_SECRET, CS_SIGNING_SECRETS, CS_BASIC_AUTH), send it, and show the answer.")
    static final class SendTestWebhook implements Callable<Integer> {
        @ParentCommand
        OpsCli cli;
        @Option(names = "--url", required = true, description = "the webhook URL (the stack's WebhookUrl output)")
        URI url;
        @Option(names = "--file", description = "send this body instead of the sample")
        Path file;

        @Override
        public Integer call() throws IOException, InterruptedException {
            OpsConfig config = cli.config();
            if (config.sharedSecret() == null && config.signingSecrets().isEmpty() && config.basicAuth() == null) {
                throw new MissingSetting("no webhook secret configured: set CS_SECRET, CS_SIGNING_SECRETS or "
                        + "CS_BASIC_AUTH as on the ingest");
            }
            if (file == null && config.apiKeys().isEmpty()) {
                throw new MissingSetting("set CS_APIKEY (the sample names the stack) or pass --file");
            }
            TestWebhook webhook = new TestWebhook(config, cli.json);
            byte[] body = file != null ? Files.readAllBytes(file) : webhook.sampleBody(config.apiKeys().get(0));
            HttpResponse<String> response = webhook.send(url, body);
            cli.out.println("HTTP " + response.statusCode());
            cli.out.println(response.body());
            return response.statusCode() / 100 == 2 ? 0 : FAILED;
        }
    }

    private static String name(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
