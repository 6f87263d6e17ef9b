package dev.permalinker.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The pipeline on AWS: HTTP API → ingest Lambda → SQS FIFO → worker Lambda → Contentstack CMA, with a FIFO
 * dead-letter queue, secrets, alarms and a dashboard. Each concern has its own class; this one wires them.
 */
public final class PermalinkerStack extends Stack {
    /**
     * Ingest: 1024 MB. Init is class loading and JIT, CPU-bound, and Lambda gives CPU in proportion to memory; the
     * measured cold path (294 ms init + 141 ms first request on 2 local cores) would roughly double at 512 MB. The
     * heap in use stays far below that. 10 s timeout: the enqueue, retries included, is capped at 5 s; Contentstack
     * waits 30 s.
     */
    static final int INGEST_MEMORY_MB = 1024;
    static final Duration INGEST_TIMEOUT = Duration.seconds(10);
    /**
     * Worker: a batch of 10 at this container's share of 10 writes/s takes ~2 s; retries of 429s and 5xx with
     * backoff may stretch it. 60 s bounds a batch; the handler stops starting jobs 2 s before the end.
     */
    static final int WORKER_MEMORY_MB = 512;
    static final Duration WORKER_TIMEOUT = Duration.seconds(60);
    /** AWS: the visibility timeout of a Lambda-consumed queue should be at least six times the function timeout. */
    static final Duration VISIBILITY_TIMEOUT = Duration.seconds(6 * 60);
    /** What the token secret holds until the operator puts the real tokens in. */
    static final String TOKEN_PLACEHOLDER = "REPLACE_WITH_THE_STACK_MANAGEMENT_TOKEN";

    private final PipelineQueues queues;
    /** The management tokens secret: read by the worker and the reconciler. */
    private Secret managementTokens;

    public PermalinkerStack(Construct scope, String id, StackProps stackProps, PermalinkerProps props, Path ingestJar,
                            Path workerJar, Path reconcilerJar) {
        super(scope, id, stackProps);
        String name = getStackName();
        queues = new PipelineQueues(this, name, VISIBILITY_TIMEOUT, props.maxReceiveCount());

        Function ingest = ingest(name, props, ingestJar);
        WebhookApi api = new WebhookApi(this, name, Alias.Builder.create(this, "IngestLive").aliasName("live")
                .version(ingest.getCurrentVersion()).build());
        LogGroup workerLogs = JavaFunctions.logGroup(this, "WorkerLogs");
        Function worker = worker(name, props, workerJar, workerLogs);
        Monitoring monitoring = new Monitoring(this, name, name, props.alarmEmail(),
                new Monitoring.Watched(queues.jobs(), queues.deadLetters(), api, worker));
        Reconciliation.add(this, name, props, reconcilerJar, new Reconciliation.Parts(queues.jobs(), managementTokens,
                api.webhookUrl(), monitoring), metricsEnvironment(name));
        ReleaseActions.Settings releaseActions = ReleaseActions.Settings.fromContext(
                key -> getNode().tryGetContext(PermalinkerProps.PREFIX + key));
        ReleaseActions.permanentUrlEvents(this, releaseActions, worker);
        if (releaseActions.enabled()) {
            new ReleaseActions(this, name, releaseActions, ReleaseActions.jarBeside(ingestJar), ingest, name,
                    monitoring.notifyAction());
        }

        output("WebhookUrl", api.webhookUrl(), "Contentstack webhook URL (channel assets.create)");
        output("QueueUrl", queues.jobs().getQueueUrl(), "QUEUE_URL for permalinker-ops");
        output("DeadLetterQueueUrl", queues.deadLetters().getQueueUrl(), "DLQ_URL for permalinker-ops");
        output("DashboardUrl", "https://console.aws.amazon.com/cloudwatch/home?region=" + getRegion()
                + "#dashboards:name=" + name, "CloudWatch dashboard");
        suppressFindings();
    }

    /** The queues, for tests and for stacks that extend this one. */
    public PipelineQueues pipelineQueues() {
        return queues;
    }

    /**
     * The ingest: verifies Contentstack's certificate signature by default, which needs no shared secret (it fetches
     * the region's public key over HTTPS at init); HMAC keys or a custom header secret live in Secrets Manager.
     */
    private Function ingest(String name, PermalinkerProps props, Path jar) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CS_APIKEY", String.join(",", props.apiKeys()));
        env.put("CS_REGION", props.csRegion().configName());
        env.put("CS_SIGNATURE_METHOD", props.signatureMethod());
        env.put("QUEUE_URL", queues.jobs().getQueueUrl());
        env.put("SECRETS_REVISION", props.secretsRevision());
        env.putAll(metricsEnvironment(name));
        Secret hmacKeys = null;
        Secret headerSecret = null;
        if (props.signatureMethod().equals("hmac")) {
            hmacKeys = Secret.Builder.create(this, "HmacSigningKeys")
                    .description("The organisation's webhook HMAC signing key(s) for " + name + ", comma-separated "
                            + "during a rotation. Replace the placeholder.")
                    .secretStringValue(SecretValue.unsafePlainText("REPLACE_WITH_THE_HMAC_SIGNING_KEY"))
                    .build();
            env.put("CS_HMAC_SECRETS_SECRET_ARN", hmacKeys.getSecretArn());
            output("HmacSigningKeysSecretArn", hmacKeys.getSecretArn(), "Put the HMAC signing key(s) here");
        }
        if (props.headerSecret()) {
            headerSecret = Secret.Builder.create(this, "WebhookSecret")
                    .description("Value of the custom header 'secret' the Contentstack webhook sends to " + name)
                    .generateSecretString(SecretStringGenerator.builder().passwordLength(48)
                            .excludePunctuation(true).build())
                    .build();
            env.put("CS_SECRET_SECRET_ARN", headerSecret.getSecretArn());
            output("WebhookSecretArn", headerSecret.getSecretArn(), "The value for the webhook's 'secret' header");
        }
        Function ingest = JavaFunctions.create(this, "IngestFunction",
                "Verifies Contentstack webhooks and enqueues asset creations", "dev.permalinker.ingest.IngestHandler",
                jar, INGEST_MEMORY_MB, INGEST_TIMEOUT, JavaFunctions.logGroup(this, "IngestLogs"), env);
        // What the code calls: SendMessage, and GetQueueAttributes (read-only) when SnapStart priming runs before the
        // snapshot. grantSendMessages would add GetQueueUrl too, which the code never calls.
        queues.jobs().grant(ingest, "sqs:SendMessage", "sqs:GetQueueAttributes");
        for (Secret secret : new Secret[] {hmacKeys, headerSecret}) {
            if (secret != null) {
                JavaFunctions.grantSecretValue(ingest, secret);
            }
        }
        return ingest;
    }

    /** The worker, consuming the job queue through its {@code live} alias, with one token per stack. */
    private Function worker(String name, PermalinkerProps props, Path jar, LogGroup logs) {
        String placeholder = props.apiKeys().stream()
                .map(apiKey -> "\"" + apiKey + "\":\"" + TOKEN_PLACEHOLDER + "\"")
                .collect(Collectors.joining(",", "{", "}"));
        Secret tokens = Secret.Builder.create(this, "ManagementTokens")
                .description("Contentstack management tokens (write access to assets) for " + name + ", one per "
                        + "stack: {\"apiKey\":\"token\"}. Replace the placeholders.")
                .secretStringValue(SecretValue.unsafePlainText(placeholder))
                .build();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CS_APIKEY", String.join(",", props.apiKeys()));
        env.put("CS_MANAGEMENTTOKENS_SECRET_ARN", tokens.getSecretArn());
        env.put("CS_REGION", props.csRegion().configName());
        env.put("CS_RATE_LIMIT", format(props.rateLimit()));
        env.put("CS_RATE_SHARE", format(props.rateShare()));
        env.put("WORKER_MAX_CONCURRENCY", Integer.toString(props.maxConcurrency()));
        env.put("DLQ_URL", queues.deadLetters().getQueueUrl());
        env.put("SECRETS_REVISION", props.secretsRevision());
        env.putAll(metricsEnvironment(name));
        Function worker = JavaFunctions.create(this, "WorkerFunction",
                "Sets permanent URLs through the Contentstack CMA", "dev.permalinker.worker.WorkerHandler", jar,
                WORKER_MEMORY_MB, WORKER_TIMEOUT, logs, env);
        Alias live = Alias.Builder.create(this, "WorkerLive").aliasName("live")
                .version(worker.getCurrentVersion()).build();
        live.addEventSource(new SqsEventSource(queues.jobs(), SqsEventSourceProps.builder()
                .batchSize(10)
                .reportBatchItemFailures(true)
                .maxConcurrency(props.maxConcurrency())
                .build()));
        // Dead letters; GetQueueAttributes (read-only) for SnapStart priming.
        queues.deadLetters().grant(worker, "sqs:SendMessage", "sqs:GetQueueAttributes");
        JavaFunctions.grantSecretValue(worker, tokens);
        managementTokens = tokens;
        output("ManagementTokensSecretArn", tokens.getSecretArn(),
                "Put the management tokens here as {\"apiKey\":\"token\"}");
        return worker;
    }

    /** Where the functions' EMF metrics go: the namespace and {@code Service} dimension the dashboard reads. */
    private static Map<String, String> metricsEnvironment(String service) {
        return Map.of("METRICS_NAMESPACE", Monitoring.NAMESPACE, "METRICS_SERVICE", service);
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** Every cdk-nag finding we accept, each with its reason; anything else fails the synth. */
    private void suppressFindings() {
        NagSuppressions.addStackSuppressions(this, List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM4")
                        .reason("AWSLambdaBasicExecutionRole only grants writing the function's own logs; "
                                + "AWSLambdaSQSQueueExecutionRole is not used (the event source grants by queue ARN)")
                        .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                                + "AWSLambdaBasicExecutionRole"))
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-L1")
                        .reason("The functions target the java21 runtime by design (docs/architecture.md); moving "
                                + "runtimes is a tested change, not a default")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-APIG4")
                        .reason("Contentstack cannot send IAM or JWT credentials; every request is authenticated in "
                                + "the ingest function (Contentstack's certificate signature, HMAC, or a header)")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-SMG4")
                        .reason("The secrets are issued outside AWS (Contentstack management tokens, HMAC keys, the "
                                + "webhook header); they are rotated by the documented manual procedure")
                        .build()));
    }
}
