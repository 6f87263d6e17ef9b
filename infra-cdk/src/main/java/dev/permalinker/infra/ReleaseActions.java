package dev.permalinker.infra;

import dev.permalinker.model.ConfigException;
import dev.permalinker.model.ReleaseActionOutcome;
import dev.permalinker.model.ReleaseTimings;
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
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.secretsmanager.ISecret;
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
 * group) fed by an event source mapping with partial batch responses, least-privilege grants, four alarms.
 *
 * <p>Context: {@code permalinker:releaseHook=true} (a secret is created for the build hook's URL, which the operator
 * puts in after the deploy: output {@code ReleaseHookUrlSecretArn}) or {@code permalinker:releaseHookUrlSecretArn}
 * (an existing secret holding the URL), {@code permalinker:eventBusName} (an existing bus, e.g. {@code default}),
 * {@code permalinker:releaseDebounce}, {@code permalinker:releaseMaxWait}, {@code permalinker:releaseHookTimeout}
 * (ISO-8601, checked by the consumer's own rule, {@link ReleaseTimings}), {@code permalinker:releaseHookSecret=true}
 * (a generated secret sent in {@code X-Permalinker-Secret}). The hook's URL is never in the template: Netlify and
 * Vercel hooks carry their token in it.
 */
public final class ReleaseActions {
    static final int MEMORY_MB = 512;
    /** The consumer's timeout: one action (hook, bus, the SQS call after it) fits several times over. */
    static final Duration TIMEOUT = Duration.seconds(ReleaseTimings.DEFAULT_FUNCTION_TIMEOUT.toSeconds());
    /** Six times the function timeout, as AWS advises for a Lambda-consumed queue. */
    static final Duration VISIBILITY_TIMEOUT = Duration.seconds(6 * TIMEOUT.toSeconds().intValue());
    /** A release's messages are each received about twice (held, then collapsed or acted on). */
    static final int MAX_RECEIVE_COUNT = 10;
    /**
     * How much older than the longest legitimate wait ({@code RELEASE_MAX_WAIT}) the actions queue's oldest message
     * may be before the age alarm fires: the failed attempts' back-offs (four of at most 15 minutes each) and a
     * quarter of an hour of slack. Older, the consumer is not consuming (it fails at init, or is throttled).
     */
    static final java.time.Duration AGE_SLACK = java.time.Duration.ofMinutes(75);

    /** Context keys of the consumer's times, each with the variable it sets. */
    private static final String[][] TIME_CONTEXT = {
            {"releaseDebounce", "RELEASE_DEBOUNCE"},
            {"releaseMaxWait", "RELEASE_MAX_WAIT"},
            {"releaseHookTimeout", "RELEASE_HOOK_TIMEOUT"}};

    /**
     * What the operator chose; {@link #enabled()} when a hook or a bus is given.
     *
     * @param hook             a build hook is on (its URL in a secret)
     * @param hookUrlSecretArn an existing secret holding the hook's URL, or {@code null} to create one
     * @param times            the consumer's time variables set by context ({@code RELEASE_DEBOUNCE}…)
     * @param timings          those times as the consumer reads them, checked against {@link #TIMEOUT}
     */
    public record Settings(boolean hook, String hookUrlSecretArn, String eventBusName, Map<String, String> times,
                           ReleaseTimings timings, boolean hookSecret) {

        public boolean enabled() {
            return hook || eventBusName != null;
        }

        public static Settings fromContext(java.util.function.Function<String, Object> context) {
            if (text(context.apply("releaseHookUrl")) != null) {
                // The URL would be plain text in the template and in two functions' environments.
                throw new IllegalArgumentException("invalid context: " + PermalinkerProps.PREFIX
                        + "releaseHookUrl is no longer read (a build hook's URL holds its token): set "
                        + PermalinkerProps.PREFIX + "releaseHook=true and put the URL into the secret of output "
                        + "ReleaseHookUrlSecretArn after the deploy, or name an existing secret with "
                        + PermalinkerProps.PREFIX + "releaseHookUrlSecretArn");
            }
            String hookArn = text(context.apply("releaseHookUrlSecretArn"));
            if (hookArn != null && !hookArn.startsWith("arn:")) {
                throw new IllegalArgumentException("invalid context: " + PermalinkerProps.PREFIX
                        + "releaseHookUrlSecretArn must be a secret's ARN (arn:aws:secretsmanager:…)");
            }
            boolean hook = hookArn != null || Boolean.parseBoolean(String.valueOf(context.apply("releaseHook")));
            String bus = text(context.apply("eventBusName"));
            Map<String, String> times = new LinkedHashMap<>();
            for (String[] pair : TIME_CONTEXT) {
                String value = text(context.apply(pair[0]));
                if (value != null) {
                    times.put(pair[1], value);
                }
            }
            ReleaseTimings timings = checkedTimings(times, hook, bus != null);
            return new Settings(hook, hookArn, bus, Map.copyOf(times), timings,
                    Boolean.parseBoolean(String.valueOf(context.apply("releaseHookSecret"))));
        }

        /**
         * The consumer's own rule ({@link ReleaseTimings}, which its {@code ActionsConfig} reads at init) over the
         * variables the context sets and {@link #TIMEOUT}: a context the function would refuse at init fails the
         * synth, naming the context key.
         */
        private static ReleaseTimings checkedTimings(Map<String, String> times, boolean hook, boolean bus) {
            Map<String, String> env = new LinkedHashMap<>(times);
            env.put("FUNCTION_TIMEOUT", "PT" + TIMEOUT.toSeconds() + "S");
            try {
                return ReleaseTimings.fromEnv(env, hook, bus);
            } catch (ConfigException e) {
                String message = String.join("; ", e.problems());
                for (String[] pair : TIME_CONTEXT) {
                    message = message.replace(pair[1], PermalinkerProps.PREFIX + pair[0] + " (" + pair[1] + ")");
                }
                throw new IllegalArgumentException("invalid context: " + message);
            }
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
        env.putAll(settings.times());
        env.put("FUNCTION_TIMEOUT", "PT" + TIMEOUT.toSeconds() + "S");
        env.put("METRICS_NAMESPACE", Monitoring.NAMESPACE);
        env.put("METRICS_SERVICE", service);
        ISecret hookUrl = null;
        if (settings.hookUrlSecretArn() != null) {
            hookUrl = Secret.fromSecretCompleteArn(scope, "ReleaseHookUrl", settings.hookUrlSecretArn());
        } else if (settings.hook()) {
            // Created with a generated placeholder, which the consumer refuses (not an http(s) URL) until the
            // operator puts the hook's URL in; CloudFormation never writes this value again on later deploys.
            hookUrl = Secret.Builder.create(scope, "ReleaseHookUrl")
                    .description("The build hook's URL (it holds the hook's token) POSTed once per release by "
                            + namePrefix + ": put it in with aws secretsmanager put-secret-value")
                    .generateSecretString(SecretStringGenerator.builder().passwordLength(32)
                            .excludePunctuation(true).build())
                    .build();
            CfnOutput.Builder.create(scope, "ReleaseHookUrlSecretArn").value(hookUrl.getSecretArn())
                    .description("Put the build hook's URL into this secret").build();
        }
        if (hookUrl != null) {
            env.put("RELEASE_HOOK_URL_SECRET_ARN", hookUrl.getSecretArn());
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
        if (hookUrl != null) {
            JavaFunctions.grantSecretValue(consumer, hookUrl);
        }
        // The ingest's switch: it never calls a target, so it gets neither the hook (a secret) nor the bus.
        ingest.addEnvironment("ACTIONS_QUEUE_URL", queue.getQueueUrl());
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
        alarm(scope, "ActionsErrorsAlarm", "The release-actions consumer failed an invocation (at init, e.g. the "
                + "hook URL secret not filled in, or while running): releases are not acted on",
                consumer.metricErrors(MetricOptions.builder().statistic("Sum").period(Duration.minutes(5)).build()),
                1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, notify);
        long ageSeconds = settings.timings().maxWait().plus(AGE_SLACK).toSeconds();
        alarm(scope, "ActionsQueueAgeAlarm", "The actions queue holds a message older than RELEASE_MAX_WAIT and the "
                + "retries' back-offs: the consumer is not consuming",
                queue.metricApproximateAgeOfOldestMessage(Monitoring.stat("Maximum", 5)), ageSeconds,
                ComparisonOperator.GREATER_THAN_THRESHOLD, notify);
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
