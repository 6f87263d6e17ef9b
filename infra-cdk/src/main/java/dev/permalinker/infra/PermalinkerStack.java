package dev.permalinker.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.HttpStageOptions;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.DeduplicationScope;
import software.amazon.awscdk.services.sqs.FifoThroughputLimit;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.sqs.RedriveAllowPolicy;
import software.amazon.awscdk.services.sqs.RedrivePermission;
import software.constructs.Construct;

/**
 * The pipeline on AWS: HTTP API → ingest Lambda → SQS FIFO → worker Lambda → Contentstack CMA, with a FIFO
 * dead-letter queue, secrets, alarms and a dashboard.
 */
public final class PermalinkerStack extends Stack {
    /**
     * Ingest: 1024 MB. Init is class loading and JIT, CPU-bound, and Lambda gives CPU in proportion to memory; the
     * measured cold path (294 ms init + 141 ms first request on 2 local cores) would roughly double at 512 MB. The
     * heap in use stays far below that. 10 s timeout: the SQS call is capped at 8 s, Contentstack waits 30 s.
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
    static final Duration RETENTION = Duration.days(14);
    static final String WEBHOOK_PATH = "/webhooks/contentstack";
    /** Java flags for a fast start: C1 only (https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html). */
    static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    private final Queue jobs;
    private final Queue deadLetters;

    public PermalinkerStack(Construct scope, String id, StackProps stackProps, PermalinkerProps props, Path ingestJar,
                            Path workerJar) {
        super(scope, id, stackProps);
        String name = getStackName();

        // ---- secrets: generated at deploy; the operator sets the management token's value afterwards ----
        Secret managementToken = Secret.Builder.create(this, "ManagementToken")
                .description("Contentstack management token (write access to assets) for " + name
                        + ". Replace the generated placeholder with the real token.")
                .generateSecretString(SecretStringGenerator.builder().passwordLength(32).excludePunctuation(true).build())
                .build();
        Secret webhookSecret = Secret.Builder.create(this, "WebhookSecret")
                .description("Value of the custom header 'secret' the Contentstack webhook sends to " + name)
                .generateSecretString(SecretStringGenerator.builder().passwordLength(48).excludePunctuation(true).build())
                .build();

        // ---- queues ----
        String jobsQueueName = name + "-jobs.fifo";
        deadLetters = Queue.Builder.create(this, "DeadLetterQueue")
                .queueName(name + "-dlq.fifo")
                .fifo(true)
                .retentionPeriod(RETENTION)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                // Only the job queue may use it as a DLQ. Named by ARN: a reference to the queue would be circular.
                .redriveAllowPolicy(RedriveAllowPolicy.builder()
                        .redrivePermission(RedrivePermission.BY_QUEUE)
                        .sourceQueues(List.of(Queue.fromQueueArn(this, "JobsQueueByArn", formatArn(ArnComponents.builder()
                                .service("sqs").resource(jobsQueueName).arnFormat(ArnFormat.NO_RESOURCE_NAME).build()))))
                        .build())
                .build();
        jobs = Queue.Builder.create(this, "JobsQueue")
                .queueName(jobsQueueName)
                .fifo(true)
                .contentBasedDeduplication(false)
                // High-throughput FIFO: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/high-throughput-fifo.html
                .deduplicationScope(DeduplicationScope.MESSAGE_GROUP)
                .fifoThroughputLimit(FifoThroughputLimit.PER_MESSAGE_GROUP_ID)
                .visibilityTimeout(VISIBILITY_TIMEOUT)
                .retentionPeriod(RETENTION)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(props.maxReceiveCount()).build())
                .build();

        // ---- ingest ----
        Function ingest = javaFunction("IngestFunction", "Verifies Contentstack webhooks and enqueues asset creations",
                "dev.permalinker.ingest.IngestHandler", ingestJar, INGEST_MEMORY_MB, INGEST_TIMEOUT,
                logGroup("IngestLogs"), Map.of(
                        "CS_APIKEY", props.apiKeys(),
                        "CS_SECRET_SECRET_ARN", webhookSecret.getSecretArn(),
                        "QUEUE_URL", jobs.getQueueUrl(),
                        "SECRETS_REVISION", props.secretsRevision()));
        Alias ingestLive = Alias.Builder.create(this, "IngestLive").aliasName("live")
                .version(ingest.getCurrentVersion()).build();
        jobs.grantSendMessages(ingest);
        webhookSecret.grantRead(ingest);

        LogGroup accessLogs = logGroup("ApiAccessLogs");
        HttpApi api = HttpApi.Builder.create(this, "WebhookApi")
                .apiName(name + "-webhooks")
                .description("Receives Contentstack webhooks")
                .createDefaultStage(false)
                .build();
        HttpStage stage = api.addStage("DefaultStage", HttpStageOptions.builder()
                .stageName("$default")
                .autoDeploy(true)
                // A bulk upload fires thousands at once: absorb bursts; beyond this Contentstack retries (5 s, 25 s…).
                .throttle(ThrottleSettings.builder().rateLimit(200).burstLimit(500).build())
                .accessLogSettings(accessLogSettings(new LogGroupLogDestination(accessLogs)))
                .build());
        api.addRoutes(AddRoutesOptions.builder()
                .path(WEBHOOK_PATH)
                .methods(List.of(HttpMethod.POST))
                .integration(new HttpLambdaIntegration("IngestIntegration", ingestLive))
                .build());

        // ---- worker ----
        LogGroup workerLogs = logGroup("WorkerLogs");
        Function worker = javaFunction("WorkerFunction", "Sets permanent URLs through the Contentstack CMA",
                "dev.permalinker.worker.WorkerHandler", workerJar, WORKER_MEMORY_MB, WORKER_TIMEOUT, workerLogs, Map.of(
                        "CS_MANAGEMENTTOKEN_SECRET_ARN", managementToken.getSecretArn(),
                        "CS_REGION", props.csRegion(),
                        "CS_RATE_LIMIT", format(props.rateLimit()),
                        "WORKER_MAX_CONCURRENCY", Integer.toString(props.maxConcurrency()),
                        "DLQ_URL", deadLetters.getQueueUrl(),
                        "SECRETS_REVISION", props.secretsRevision()));
        Alias workerLive = Alias.Builder.create(this, "WorkerLive").aliasName("live")
                .version(worker.getCurrentVersion()).build();
        workerLive.addEventSource(new SqsEventSource(jobs, SqsEventSourceProps.builder()
                .batchSize(10)
                .reportBatchItemFailures(true)
                .maxConcurrency(props.maxConcurrency())
                .build()));
        deadLetters.grantSendMessages(worker);
        managementToken.grantRead(worker);

        // ---- what the worker did, from its log lines ----
        Metric written = outcomeMetric(workerLogs, "JobsWritten", "written");
        Metric alreadySet = outcomeMetric(workerLogs, "JobsAlreadySet", "already_set");
        Metric retried = outcomeMetric(workerLogs, "JobsRetried", "retry");
        Metric deadLettered = outcomeMetric(workerLogs, "JobsDeadLettered", "dead_lettered");

        // ---- alarms ----
        Key alarmKey = Key.Builder.create(this, "AlarmTopicKey")
                .description("Encrypts the " + name + " alarm topic")
                .enableKeyRotation(true)
                .build();
        // CloudWatch must be able to publish to the encrypted topic.
        alarmKey.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey");
        Topic alarms = Topic.Builder.create(this, "AlarmTopic")
                .displayName(name + " alarms")
                .masterKey(alarmKey)
                .enforceSsl(true)
                .build();
        if (!props.alarmEmail().isBlank()) {
            alarms.addSubscription(new EmailSubscription(props.alarmEmail()));
        }
        SnsAction notify = new SnsAction(alarms);
        alarm("DeadLettersAlarm", "Jobs are in the dead-letter queue: inspect with permalinker-ops dlq peek, fix, "
                        + "redrive", deadLetters.metricApproximateNumberOfMessagesVisible(stat("Maximum", 1)), 0,
                ComparisonOperator.GREATER_THAN_THRESHOLD, notify);
        alarm("OldestJobAlarm", "The oldest job has waited over 15 minutes: the worker is stuck or throttled",
                jobs.metricApproximateAgeOfOldestMessage(stat("Maximum", 5)), 900,
                ComparisonOperator.GREATER_THAN_THRESHOLD, notify);
        alarm("Ingest5xxAlarm", "The ingest answers 5xx: Contentstack retries, and disables the webhook after 10 "
                        + "failed deliveries", api.metricServerError(stat("Sum", 5)), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, notify);
        alarm("WorkerErrorsAlarm", "Worker invocations fail", worker.metricErrors(stat("Sum", 5)), 0,
                ComparisonOperator.GREATER_THAN_THRESHOLD, notify);
        alarm("WorkerThrottlesAlarm", "Worker invocations are throttled by Lambda concurrency",
                worker.metricThrottles(stat("Sum", 5)), 0, ComparisonOperator.GREATER_THAN_THRESHOLD, notify);

        // ---- dashboard ----
        Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard").dashboardName(name).build();
        dashboard.addWidgets(
                graph("Job queue depth", jobs.metricApproximateNumberOfMessagesVisible(stat("Maximum", 1)),
                        jobs.metricApproximateNumberOfMessagesNotVisible(stat("Maximum", 1))),
                graph("Dead-letter queue depth", deadLetters.metricApproximateNumberOfMessagesVisible(stat("Maximum", 1))),
                graph("Ingest requests", api.metricCount(stat("Sum", 1)), api.metricClientError(stat("Sum", 1)),
                        api.metricServerError(stat("Sum", 1))));
        dashboard.addWidgets(
                graph("CMA outcomes", written, alreadySet, retried, deadLettered),
                graph("Worker", worker.metricInvocations(stat("Sum", 1)), worker.metricErrors(stat("Sum", 1)),
                        worker.metricThrottles(stat("Sum", 1))),
                graph("Oldest job (s)", jobs.metricApproximateAgeOfOldestMessage(stat("Maximum", 1))));

        // ---- outputs ----
        output("WebhookUrl", stage.getUrl().replaceAll("/$", "") + WEBHOOK_PATH,
                "Contentstack webhook URL (channel assets.create, full payload, custom header 'secret')");
        output("QueueUrl", jobs.getQueueUrl(), "QUEUE_URL for permalinker-ops");
        output("DeadLetterQueueUrl", deadLetters.getQueueUrl(), "DLQ_URL for permalinker-ops");
        output("DashboardUrl", "https://console.aws.amazon.com/cloudwatch/home?region=" + getRegion()
                + "#dashboards:name=" + name, "CloudWatch dashboard");
        output("ManagementTokenSecretArn", managementToken.getSecretArn(), "Put the Contentstack management token here");
        output("WebhookSecretArn", webhookSecret.getSecretArn(), "The value for the webhook's 'secret' header");

        suppressFindings(List.of(ingest, worker));
    }

    public Queue jobs() {
        return jobs;
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    /** A java21 arm64 function with SnapStart, JSON logs and the fast-start JVM flags. */
    private Function javaFunction(String id, String description, String handlerClass, Path jar, int memoryMb,
                                  Duration timeout, LogGroup logs, Map<String, String> environment) {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        return Function.Builder.create(this, id)
                .description(description)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(handlerClass + "::handleRequest")
                .code(Code.fromAsset(jar.toString()))
                .memorySize(memoryMb)
                .timeout(timeout)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .systemLogLevelV2(SystemLogLevel.WARN)
                .logGroup(logs)
                .environment(env)
                .build();
    }

    private LogGroup logGroup(String id) {
        return LogGroup.Builder.create(this, id)
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    private static IAccessLogSettings accessLogSettings(IAccessLogDestination destination) {
        AccessLogFormat format = AccessLogFormat.custom("{\"requestId\":\"$context.requestId\","
                + "\"ip\":\"$context.identity.sourceIp\",\"requestTime\":\"$context.requestTime\","
                + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
                + "\"responseLength\":\"$context.responseLength\",\"latency\":\"$context.responseLatency\","
                + "\"integrationError\":\"$context.integrationErrorMessage\"}");
        return new IAccessLogSettings() {
            @Override
            public IAccessLogDestination getDestination() {
                return destination;
            }

            @Override
            public AccessLogFormat getFormat() {
                return format;
            }
        };
    }

    private Metric outcomeMetric(LogGroup workerLogs, String metricName, String outcome) {
        MetricFilter filter = MetricFilter.Builder.create(this, metricName + "Filter")
                .logGroup(workerLogs)
                .metricNamespace("Permalinker")
                .metricName(metricName)
                .filterPattern(FilterPattern.literal("\"outcome=" + outcome + " \""))
                .metricValue("1")
                .defaultValue(0)
                .build();
        return filter.metric(stat("Sum", 1));
    }

    private void alarm(String id, String description, IMetric metric, double threshold, ComparisonOperator operator,
                       SnsAction notify) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(operator)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(notify);
        alarm.addOkAction(notify);
    }

    private static GraphWidget graph(String title, IMetric... metrics) {
        return GraphWidget.Builder.create().title(title).left(List.of(metrics)).width(8).build();
    }

    private static MetricOptions stat(String statistic, int minutes) {
        return MetricOptions.builder().statistic(statistic).period(Duration.minutes(minutes)).build();
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** Every cdk-nag finding we accept, each with its reason; anything else fails the synth. */
    private void suppressFindings(List<Function> functions) {
        NagSuppressions.addStackSuppressions(this, List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM4")
                        .reason("AWSLambdaBasicExecutionRole only grants writing the function's own logs; "
                                + "AWSLambdaSQSQueueExecutionRole is not used (the event source grants by queue ARN)")
                        .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"))
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-L1")
                        .reason("The functions target the java21 runtime by design (DESIGN.md); moving runtimes is a "
                                + "tested change, not a default")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-APIG4")
                        .reason("Contentstack cannot send IAM or JWT credentials; every request is authenticated in "
                                + "the ingest function (shared secret header, HMAC signature or Basic auth)")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-SMG4")
                        .reason("Both secrets are issued outside AWS (Contentstack management token, webhook header); "
                                + "they are rotated by the documented manual procedure, not by a rotation Lambda")
                        .build()));
    }
}
