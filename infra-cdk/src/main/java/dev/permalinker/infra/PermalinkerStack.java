package dev.permalinker.infra;

import dev.permalinker.model.DeploymentOutput;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.PolicyStatement;
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
    /**
     * The tokens secret's value in the template: an empty object, the same for every stack list. CloudFormation
     * writes a secret's value again whenever its {@code SecretString} in the template changes, so a value derived
     * from {@code permalinker:apiKeys} (as before) made every added stack overwrite the tokens the operator had
     * stored with placeholders. The placeholders a first deploy needs come from {@link #placeholdersOnCreate}.
     * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-secretsmanager-secret.html
     */
    static final String TOKENS_INITIAL_VALUE = "{}";
    /** Each stack's token until the operator puts the real one in (the custom resource below writes it once). */
    static final String TOKEN_PLACEHOLDER = "REPLACE_WITH_THE_STACK_MANAGEMENT_TOKEN";

    private final PipelineQueues queues;
    /** The asset ledger: the worker and the reconciler read and write it; the ingest never touches it. */
    private final Table ledger;
    /** The management tokens secret: read by the worker and the reconciler. */
    private Secret managementTokens;
    /** Puts one placeholder per stack into the tokens secret when the secret is created, and never again. */
    private AwsCustomResource tokensPlaceholders;

    public PermalinkerStack(Construct scope, String id, StackProps stackProps, PermalinkerProps props, Path ingestJar,
                            Path workerJar, Path reconcilerJar) {
        super(scope, id, stackProps);
        String name = getStackName();
        queues = new PipelineQueues(this, name, VISIBILITY_TIMEOUT, props.maxReceiveCount());
        ledger = AssetLedgerTable.create(this);

        LogGroup ingestLogs = JavaFunctions.logGroup(this, "IngestLogs");
        Function ingest = ingest(name, props, ingestJar, ingestLogs);
        WebhookApi api = new WebhookApi(this, name, Alias.Builder.create(this, "IngestLive").aliasName("live")
                .version(ingest.getCurrentVersion()).build());
        LogGroup workerLogs = JavaFunctions.logGroup(this, "WorkerLogs");
        Function worker = worker(name, props, workerJar, workerLogs);
        Monitoring monitoring = new Monitoring(this, name, name, props.alarmEmail(),
                new Monitoring.Watched(queues.jobs(), queues.deadLetters(), api, worker));
        Reconciliation.add(this, name, props, reconcilerJar, new Reconciliation.Parts(queues.jobs(), managementTokens,
                tokensPlaceholders, ledger, api.webhookUrl(), monitoring), metricsEnvironment(name));
        ReleaseActions.Settings releaseActions = ReleaseActions.Settings.fromContext(
                key -> getNode().tryGetContext(PermalinkerProps.PREFIX + key));
        ReleaseActions.permanentUrlEvents(this, releaseActions, worker);
        if (releaseActions.enabled()) {
            new ReleaseActions(this, name, releaseActions, ReleaseActions.jarBeside(ingestJar), ingest, name,
                    monitoring.notifyAction());
        }

        output(this, DeploymentOutput.WebhookUrl, api.webhookUrl(), "Contentstack webhook URL (channel assets.create)");
        output(this, DeploymentOutput.QueueUrl, queues.jobs().getQueueUrl(), "QUEUE_URL for permalinker-ops");
        output(this, DeploymentOutput.DeadLetterQueueUrl, queues.deadLetters().getQueueUrl(),
                "DLQ_URL for permalinker-ops");
        output(this, DeploymentOutput.DashboardUrl, "https://console.aws.amazon.com/cloudwatch/home?region="
                + getRegion() + "#dashboards:name=" + name, "CloudWatch dashboard");
        output(this, DeploymentOutput.LedgerTableName, ledger.getTableName(),
                "LEDGER_TABLE: the asset ledger's DynamoDB table");
        output(this, DeploymentOutput.IngestLogGroup, ingestLogs.getLogGroupName(), "The ingest function's logs");
        output(this, DeploymentOutput.WorkerLogGroup, workerLogs.getLogGroupName(), "The worker function's logs");
        FunctionEnvironments.validate(this);
        suppressFindings();
    }

    /**
     * A stack output, always named by {@link DeploymentOutput}: {@code permalinker-ops --stack} finds the deployment
     * by these names, so an output under any other name would be one no command reads.
     */
    static void output(Construct scope, DeploymentOutput key, String value, String description) {
        CfnOutput.Builder.create(scope, key.name()).value(value).description(description).build();
    }

    /** The queues, for tests and for stacks that extend this one. */
    public PipelineQueues pipelineQueues() {
        return queues;
    }

    /**
     * The ingest: verifies Contentstack's certificate signature by default, which needs no shared secret (it fetches
     * the region's public key over HTTPS at init); HMAC keys or a custom header secret live in Secrets Manager.
     */
    private Function ingest(String name, PermalinkerProps props, Path jar, LogGroup logs) {
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
            output(this, DeploymentOutput.HmacSigningKeysSecretArn, hmacKeys.getSecretArn(),
                    "Put the HMAC signing key(s) here");
        }
        if (props.headerSecret()) {
            headerSecret = Secret.Builder.create(this, "WebhookSecret")
                    .description("Value of the custom header 'secret' the Contentstack webhook sends to " + name)
                    .generateSecretString(SecretStringGenerator.builder().passwordLength(48)
                            .excludePunctuation(true).build())
                    .build();
            env.put("CS_SECRET_SECRET_ARN", headerSecret.getSecretArn());
            output(this, DeploymentOutput.WebhookSecretArn, headerSecret.getSecretArn(),
                    "The value for the webhook's 'secret' header");
        }
        Function ingest = JavaFunctions.create(this, "IngestFunction",
                "Verifies Contentstack webhooks and enqueues asset creations", "dev.permalinker.ingest.IngestHandler",
                jar, INGEST_MEMORY_MB, INGEST_TIMEOUT, logs, env);
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
        // Nothing in this resource may depend on the stack list (see TOKENS_INITIAL_VALUE).
        Secret tokens = Secret.Builder.create(this, "ManagementTokens")
                .description("Contentstack management tokens (write access to assets) for " + name + ", one per "
                        + "stack: {\"apiKey\":\"token\",...}. Put every stack's token in; deploys never change it.")
                .secretStringValue(SecretValue.unsafePlainText(TOKENS_INITIAL_VALUE))
                .build();
        tokensPlaceholders = placeholdersOnCreate(tokens, props.apiKeys());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CS_APIKEY", String.join(",", props.apiKeys()));
        env.put("CS_MANAGEMENTTOKENS_SECRET_ARN", tokens.getSecretArn());
        env.put("CS_REGION", props.csRegion().configName());
        env.put("CS_RATE_LIMIT", format(props.rateLimit()));
        env.put("CS_RATE_SHARE", format(props.rateShare()));
        env.put("WORKER_MAX_CONCURRENCY", Integer.toString(props.maxConcurrency()));
        env.put("DLQ_URL", queues.deadLetters().getQueueUrl());
        env.put("LEDGER_TABLE", ledger.getTableName());
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
        AssetLedgerTable.grant(worker, ledger, AssetLedgerTable.WORKER_ACTIONS);
        // The version's init (the SnapStart snapshot) reads the secret: only after it holds a token per stack.
        worker.getCurrentVersion().getNode().addDependency(tokensPlaceholders);
        managementTokens = tokens;
        output(this, DeploymentOutput.ManagementTokensSecretArn, tokens.getSecretArn(),
                "Put the management tokens here as {\"apiKey\":\"token\"}");
        return worker;
    }

    /**
     * The worker and the reconciler read the tokens secret at init, which SnapStart runs when a version is
     * published: a stack of {@code CS_APIKEY} without a token fails the init, and with it the version and the
     * deploy. So when the secret is created (and only then) one placeholder per stack goes in, as before, by an
     * SDK call that CloudFormation makes on the custom resource's Create and never on an Update: a later change of
     * the stack list changes this resource's properties, and CloudFormation's Update does nothing. A stack added
     * later needs its token in the secret before the deploy that adds it (docs/deploy.md#adding-a-stack); a deploy
     * without it fails at the new versions' init and rolls back, the stored tokens untouched.
     * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.custom_resources.AwsCustomResource.html
     */
    private AwsCustomResource placeholdersOnCreate(Secret tokens, List<String> apiKeys) {
        String placeholders = apiKeys.stream()
                .map(apiKey -> "\"" + apiKey + "\":\"" + TOKEN_PLACEHOLDER + "\"")
                .collect(Collectors.joining(",", "{", "}"));
        return AwsCustomResource.Builder.create(this, "ManagementTokensPlaceholders")
                .onCreate(AwsSdkCall.builder()
                        .service("SecretsManager")
                        .action("putSecretValue")
                        // Sorted: Map.of's order changes from one JVM to the next, and with it the template.
                        .parameters(new TreeMap<>(Map.of("SecretId", tokens.getSecretArn(),
                                "SecretString", placeholders)))
                        .physicalResourceId(PhysicalResourceId.of("ManagementTokensPlaceholders"))
                        .build())
                // No onUpdate and no onDelete: CloudFormation's Update and Delete of this resource call nothing.
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("secretsmanager:PutSecretValue"))
                        .resources(List.of(tokens.getSecretArn()))
                        .build())))
                .installLatestAwsSdk(false)
                // Its provider function's logs, kept like the others (else a CDK-made group, kept two years).
                .logGroup(JavaFunctions.logGroup(this, "TokensPlaceholdersLogs"))
                .build();
    }

    /** Where the functions' EMF metrics go: the namespace and {@code Service} dimension the dashboard reads. */
    private static Map<String, String> metricsEnvironment(String service) {
        return Map.of("METRICS_NAMESPACE", Monitoring.NAMESPACE, "METRICS_SERVICE", service);
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
