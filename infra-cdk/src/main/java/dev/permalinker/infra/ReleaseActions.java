package dev.permalinker.infra;

import dev.permalinker.model.EnvReader;
import dev.permalinker.model.ReleaseActionOutcome;
import dev.permalinker.telemetry.PipelineMetric;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IAlarmAction;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.DeduplicationScope;
import software.amazon.awscdk.services.sqs.FifoThroughputLimit;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.sqs.RedriveAllowPolicy;
import software.amazon.awscdk.services.sqs.RedrivePermission;
import software.constructs.Construct;

/**
 * Release actions on AWS, when an action target is chosen by context: the actions FIFO queue and its FIFO DLQ, the
 * consumer function ({@code dev.permalinker.actions.ActionsHandler}, SnapStart on a {@code live} alias, own log
 * group) fed by an event source mapping with partial batch responses, least-privilege grants, two alarms.
 *
 * <p>Context: {@code permalinker:releaseHookUrl} (the build hook, http(s)), {@code permalinker:eventBusName} (an
 * existing bus, e.g. {@code default}), {@code permalinker:releaseDebounce} (ISO-8601, default {@code PT60S}),
 * {@code permalinker:releaseHookSecret=true} (a generated secret sent in {@code X-Permalinker-Secret}).
 */
public final class ReleaseActions {
    static final int MEMORY_MB = 512;
    /** A hook call is capped at 10 s per target; a batch of ten groups acts on a few at most. */
    static final Duration TIMEOUT = Duration.seconds(60);
    /** Six times the function timeout, as AWS advises for a Lambda-consumed queue. */
    static final Duration VISIBILITY_TIMEOUT = Duration.seconds(6 * 60);
    /** A release's messages are each received about twice (held, then collapsed or acted on). */
    static final int MAX_RECEIVE_COUNT = 10;

    /** What the operator chose; {@link #enabled()} when a hook or a bus is given. */
    public record Settings(String hookUrl, String eventBusName, String debounce, boolean hookSecret) {
        /** The longest quiet period: one {@code ChangeMessageVisibility} hold. */
        static final java.time.Duration MAX_DEBOUNCE = java.time.Duration.ofHours(12);

        public boolean enabled() {
            return hookUrl != null || eventBusName != null;
        }

        public static Settings fromContext(java.util.function.Function<String, Object> context) {
            String hook = text(context.apply("releaseHookUrl"));
            // The same check as the consumer's at its start: a hook it would refuse fails the synth.
            if (hook != null && EnvReader.httpUrl(hook) == null) {
                throw new IllegalArgumentException("invalid context: " + PermalinkerProps.PREFIX
                        + "releaseHookUrl must be an absolute http(s) URL");
            }
            String debounce = text(context.apply("releaseDebounce"));
            if (debounce != null) {
                java.time.Duration quiet;
                try {
                    quiet = java.time.Duration.parse(debounce);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("invalid context: " + PermalinkerProps.PREFIX
                            + "releaseDebounce must be an ISO-8601 duration such as PT60S");
                }
                // The consumer refuses the same range at start (ActionsConfig): a message is held for the quiet
                // period with ChangeMessageVisibility, at most 12 hours
                // (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html);
                // failing the synth beats deploying a consumer that cannot start.
                if (quiet.isNegative() || quiet.isZero() || quiet.compareTo(MAX_DEBOUNCE) > 0) {
                    throw new IllegalArgumentException("invalid context: " + PermalinkerProps.PREFIX
                            + "releaseDebounce must be more than zero and at most PT12H, was " + debounce);
                }
            }
            return new Settings(hook, text(context.apply("eventBusName")), debounce != null ? debounce : "PT60S",
                    Boolean.parseBoolean(String.valueOf(context.apply("releaseHookSecret"))));
        }

        private static String text(Object value) {
            return value == null || value.toString().isBlank() ? null : value.toString().trim();
        }
    }

    private final Queue queue;
    private final Queue deadLetters;
    private final Function consumer;

    /**
     * @param ingest  granted {@code sqs:SendMessage} on the actions queue, and given {@code ACTIONS_QUEUE_URL}
     * @param service the {@code Service} dimension of the metrics
     */
    public ReleaseActions(Construct scope, String namePrefix, Settings settings, Path jar,
                          Function ingest, String service,
                          IAlarmAction notify) {
        Stack stack = Stack.of(scope);
        String queueName = namePrefix + "-actions.fifo";
        deadLetters = Queue.Builder.create(scope, "ActionsDeadLetterQueue")
                .queueName(namePrefix + "-actions-dlq.fifo")
                .fifo(true)
                .retentionPeriod(PipelineQueues.RETENTION)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .redriveAllowPolicy(RedriveAllowPolicy.builder()
                        .redrivePermission(RedrivePermission.BY_QUEUE)
                        .sourceQueues(List.of(Queue.fromQueueArn(scope, "ActionsQueueByArn", stack.formatArn(
                                ArnComponents.builder().service("sqs").resource(queueName)
                                        .arnFormat(ArnFormat.NO_RESOURCE_NAME).build()))))
                        .build())
                .build();
        queue = Queue.Builder.create(scope, "ActionsQueue")
                .queueName(queueName)
                .fifo(true)
                .contentBasedDeduplication(false)
                .deduplicationScope(DeduplicationScope.MESSAGE_GROUP)
                .fifoThroughputLimit(FifoThroughputLimit.PER_MESSAGE_GROUP_ID)
                .visibilityTimeout(VISIBILITY_TIMEOUT)
                .retentionPeriod(PipelineQueues.RETENTION)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(MAX_RECEIVE_COUNT)
                        .build())
                .build();

        Map<String, String> env = new LinkedHashMap<>();
        env.put("ACTIONS_QUEUE_URL", queue.getQueueUrl());
        env.put("ACTIONS_DLQ_URL", deadLetters.getQueueUrl());
        env.put("RELEASE_DEBOUNCE", settings.debounce());
        env.put("METRICS_NAMESPACE", Monitoring.NAMESPACE);
        env.put("METRICS_SERVICE", service);
        if (settings.hookUrl() != null) {
            env.put("RELEASE_HOOK_URL", settings.hookUrl());
        }
        if (settings.eventBusName() != null) {
            env.put("EVENT_BUS_NAME", settings.eventBusName());
        }
        Secret hookSecret = null;
        if (settings.hookSecret()) {
            hookSecret = Secret.Builder.create(scope, "ReleaseHookSecret")
                    .description("Sent in X-Permalinker-Secret with every release action of " + namePrefix)
                    .generateSecretString(SecretStringGenerator.builder().passwordLength(48)
                            .excludePunctuation(true).build())
                    .build();
            env.put("RELEASE_HOOK_SECRET_SECRET_ARN", hookSecret.getSecretArn());
            CfnOutput.Builder.create(scope, "ReleaseHookSecretArn").value(hookSecret.getSecretArn())
                    .description("The X-Permalinker-Secret value the release hook receives").build();
        }
        consumer = JavaFunctions.create(scope, "ActionsFunction",
                "Collapses a release's webhooks and acts once after its quiet period",
                "dev.permalinker.actions.ActionsHandler", jar, MEMORY_MB, TIMEOUT,
                JavaFunctions.logGroup(scope, "ActionsLogs"), env);
        Alias live = Alias.Builder.create(scope, "ActionsLive").aliasName("live")
                .version(consumer.getCurrentVersion()).build();
        live.addEventSource(new SqsEventSource(queue, SqsEventSourceProps.builder()
                .batchSize(10)
                .reportBatchItemFailures(true)
                .maxConcurrency(2)
                .build()));
        // What the code calls beyond the event source's consume grants: summaries and retries to its own queue,
        // holds (ChangeMessageVisibility), dead letters; PutEvents on the one bus; the hook secret.
        queue.grant(consumer, "sqs:SendMessage", "sqs:ChangeMessageVisibility");
        deadLetters.grant(consumer, "sqs:SendMessage");
        if (settings.eventBusName() != null) {
            IEventBus bus = EventBus.fromEventBusName(scope, "ReleaseEventBus", settings.eventBusName());
            bus.grantPutEventsTo(consumer);
        }
        if (hookSecret != null) {
            JavaFunctions.grantSecretValue(consumer, hookSecret);
        }
        ingest.addEnvironment("ACTIONS_QUEUE_URL", queue.getQueueUrl());
        if (settings.hookUrl() != null) {
            ingest.addEnvironment("RELEASE_HOOK_URL", settings.hookUrl());
        }
        if (settings.eventBusName() != null) {
            ingest.addEnvironment("EVENT_BUS_NAME", settings.eventBusName());
        }
        queue.grant(ingest, "sqs:SendMessage");

        alarm(scope, "ActionsDeadLettersAlarm", "Release actions are in the actions DLQ (hook_failed): fix the hook, "
                + "then redrive with permalinker-ops --queue-url/--dlq-url of the actions queues",
                deadLetters.metricApproximateNumberOfMessagesVisible(Monitoring.stat("Maximum", 1)), 0,
                ComparisonOperator.GREATER_THAN_THRESHOLD, notify);
        alarm(scope, "ReleaseActionsFailedAlarm", "A release action failed on its last attempt",
                Metric.Builder.create().namespace(Monitoring.NAMESPACE)
                        .metricName(PipelineMetric.RELEASE_ACTIONS.metricName())
                        .dimensionsMap(Map.of(PipelineMetric.SERVICE_DIMENSION, service,
                                PipelineMetric.RELEASE_ACTIONS.dimension(), ReleaseActionOutcome.FAILED.wire()))
                        .statistic("Sum").period(Duration.minutes(5)).build(),
                1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, notify);
        CfnOutput.Builder.create(scope, "ActionsQueueUrl").value(queue.getQueueUrl())
                .description("The release-actions queue").build();
        CfnOutput.Builder.create(scope, "ActionsDeadLetterQueueUrl").value(deadLetters.getQueueUrl())
                .description("The release-actions DLQ").build();
    }

    /**
     * {@code Permanent URL set} events: with {@code permalinker:eventBusName}, the worker gets {@code EVENT_BUS_NAME}
     * and {@code events:PutEvents} on that bus only.
     */
    public static void permanentUrlEvents(Construct scope, Settings settings, Function worker) {
        if (settings.eventBusName() == null) {
            return;
        }
        worker.addEnvironment("EVENT_BUS_NAME", settings.eventBusName());
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(worker)
                .actions(List.of("events:PutEvents"))
                .resourceArns(List.of(Stack.of(scope).formatArn(ArnComponents.builder().service("events")
                        .resource("event-bus").resourceName(settings.eventBusName())
                        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())))
                .build());
    }

    /** The actions function's jar: beside the ingest's module ({@code <root>/actions-function/target}). */
    public static Path jarBeside(Path ingestJar) {
        return PermalinkerApp.functionJar(ingestJar.toAbsolutePath().getParent().getParent().getParent(),
                "actions-function");
    }

    private static void alarm(Construct scope, String id, String description,
                              IMetric metric, double threshold,
                              ComparisonOperator operator, IAlarmAction notify) {
        Alarm alarm = Alarm.Builder.create(scope, id).alarmDescription(description).metric(metric)
                .threshold(threshold).comparisonOperator(operator).evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build();
        alarm.addAlarmAction(notify);
        alarm.addOkAction(notify);
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    public Function consumer() {
        return consumer;
    }
}
