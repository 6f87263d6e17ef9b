package dev.permalinker.ops;

import dev.permalinker.model.ConfigException;
import dev.permalinker.model.JsonCodec;
import java.io.PrintStream;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** {@code permalinker-ops}: see, fix and replay what failed; backfill old assets; send a test webhook. */
@Command(name = "permalinker-ops", mixinStandardHelpOptions = true, version = "permalinker-ops 0.1.0",
        description = "Operate a Permalinker deployment: the dead-letter queue, backfills and test webhooks.%n"
                + "Works against AWS (default credential chain, --region) or a local SQS endpoint (--endpoint-url, "
                + "e.g. the local runner's http://127.0.0.1:9324). Queue URLs come from QUEUE_URL and DLQ_URL or the "
                + "options; the CMA from CS_APIKEY, CS_MANAGEMENTTOKEN, CS_REGION or CS_CMA_URL.",
        subcommands = {DlqCommand.class, BackfillCommand.class, SendTestWebhookCommand.class, WebhookCommand.class,
                TraceCommand.class},
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
    final PrintStream out;
    final PrintStream err;
    final JsonCodec json = JsonCodec.create();
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
        CommandLineHabits.apply(commandLine);
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
                    + CommandLineHabits.reason(e));
            return UNREACHABLE;
        }
        if (e instanceof SdkException) {
            err.println("error: AWS refused: " + CommandLineHabits.reason(e));
            return FAILED;
        }
        err.println("error: " + CommandLineHabits.reason(e));
        return FAILED;
    }

    /** A value the command needs and neither an option nor the environment gave. */
    static final class MissingSetting extends RuntimeException {
        MissingSetting(String message) {
            super(message);
        }
    }

    /** The environment this command line runs with, for values only one command reads. */
    Map<String, String> env() {
        return env;
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

    /** {@code --region}, else {@code AWS_REGION}; {@code null} when neither. */
    String awsRegion() {
        return region != null ? region : config().awsRegion();
    }

    SqsClient sqs() {
        String awsRegion = awsRegion();
        var builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (endpointUrl != null) {
            builder.endpointOverride(endpointUrl).region(Region.of(awsRegion != null ? awsRegion : "us-east-1"));
            if (!env.containsKey("AWS_ACCESS_KEY_ID") && !env.containsKey("AWS_PROFILE")) {
                builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local",
                        "local")));
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

    static String name(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
