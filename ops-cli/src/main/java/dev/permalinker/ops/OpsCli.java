package dev.permalinker.ops;

import dev.permalinker.model.ConfigException;
import dev.permalinker.model.DeploymentOutput;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.ops.deploy.DeploymentFacts;
import dev.permalinker.ops.deploy.DeploymentFactsException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
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
                TraceCommand.class, DoctorCommand.class},
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
    @Option(names = "--stack", paramLabel = "<name>", description = "the CloudFormation stack whose outputs give "
            + "every queue URL, log group, table and secret not set otherwise (default: PERMALINKER_STACK, else "
            + Deployments.DEFAULT_STACK + ")")
    String stack;
    @Option(names = "--data-dir", paramLabel = "<dir>", description = "a local deployment instead: serve's DATA_DIR, "
            + "whose deployment.json gives the same facts (default with --endpoint-url: DATA_DIR, else "
            + Deployments.DEFAULT_DATA_DIR + ")")
    Path dataDir;

    private final Map<String, String> env;
    final PrintStream out;
    final PrintStream err;
    final JsonCodec json = JsonCodec.create();
    private OpsConfig config;
    private Deployments deployments;

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
        if (e instanceof ConfigException || e instanceof MissingSetting || e instanceof DeploymentFactsException) {
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

    /** Where this command line finds its deployment's facts: {@code --stack} or {@code --data-dir}. */
    Deployments deployments() {
        if (deployments == null) {
            deployments = new Deployments(this);
        }
        return deployments;
    }

    /**
     * An option, else its variable, else the deployment's fact (read once), else an error naming all three;
     * {@code what} says what is missing and which option and variable give it.
     */
    String setting(String option, String variable, DeploymentOutput output, String what) {
        if (option != null) {
            return option;
        }
        if (variable != null) {
            return variable;
        }
        DeploymentFacts facts;
        try {
            facts = deployments().facts();
        } catch (DeploymentFactsException e) {
            throw new DeploymentFactsException(what + ", and " + e.getMessage(), e);
        }
        return facts.require(output, what);
    }

    /** The same, empty when nothing gives it and no deployment was asked for explicitly. */
    Optional<String> optionalSetting(String option, String variable, DeploymentOutput output) {
        if (option != null || variable != null) {
            return Optional.ofNullable(option != null ? option : variable);
        }
        return deployments().optionalFact(output);
    }

    String queueUrl() {
        return setting(queueUrl, config().queueUrl(), DeploymentOutput.QueueUrl,
                "the job queue is unknown (no --queue-url, no QUEUE_URL)");
    }

    String dlqUrl() {
        return setting(dlqUrl, config().dlqUrl(), DeploymentOutput.DeadLetterQueueUrl,
                "the dead-letter queue is unknown (no --dlq-url, no DLQ_URL)");
    }

    /** The AWS region of this command line: {@code --region}, else {@code AWS_REGION}; null when neither. */
    String awsRegion() {
        return region != null ? region : config().awsRegion();
    }

    /**
     * The CMA's base URL: {@code CS_CMA_URL}, else a local deployment's {@code CmaBaseUrl} (serve --simulate's
     * simulator, which no region names), else {@code CS_REGION}'s, as {@code doctor} finds it.
     */
    URI cmaBaseUrl() {
        if (config().cma().cmaUrl() != null || !deployments().local()) {
            return config().cmaBaseUrl();
        }
        return deployments().optionalFact(DeploymentOutput.CmaBaseUrl).map(URI::create)
                .orElse(config().cmaBaseUrl());
    }

    /**
     * {@code --endpoint-url}, else with {@code --data-dir} the local SQS the deployment's queue URLs point at (serve's
     * ElasticMQ: {@code http://127.0.0.1:<SQS_PORT>}), so {@code --data-dir} alone finds the queues; else null (AWS).
     */
    URI sqsEndpoint() {
        if (endpointUrl != null || dataDir == null) {
            return endpointUrl;
        }
        DeploymentFacts facts = deployments().facts();
        return facts.get(DeploymentOutput.DeadLetterQueueUrl).or(() -> facts.get(DeploymentOutput.QueueUrl))
                .map(url -> URI.create(url).resolve("/")).orElse(null);
    }

    SqsClient sqs() {
        String awsRegion = awsRegion();
        URI endpoint = sqsEndpoint();
        var builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (endpoint != null) {
            builder.endpointOverride(endpoint).region(Region.of(awsRegion != null ? awsRegion : "us-east-1"));
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
        return new DlqOperations(sqs, needsQueue ? queueUrl() : optionalSetting(queueUrl, config().queueUrl(),
                DeploymentOutput.QueueUrl).orElse(null), dlqUrl(), json);
    }

    static String name(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
