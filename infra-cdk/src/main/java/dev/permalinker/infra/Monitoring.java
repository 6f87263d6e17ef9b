package dev.permalinker.infra;

import dev.permalinker.model.WorkerOutcome;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * What an operator pages on and looks at: the alarm topic (KMS-encrypted), five alarms and the dashboard. The
 * worker's outcomes are counted from its log lines by their {@link WorkerOutcome} names.
 */
public final class Monitoring {
    static final String NAMESPACE = "Permalinker";

    private final Construct scope;
    private final SnsAction notify;

    /** The parts of the pipeline it watches. */
    public record Watched(Queue jobs, Queue deadLetters, WebhookApi api, Function worker, LogGroup workerLogs) {
    }

    public Monitoring(Construct scope, String namePrefix, String alarmEmail, Watched watched) {
        this.scope = scope;
        this.notify = new SnsAction(alarmTopic(namePrefix, alarmEmail));
        alarms(watched);
        dashboard(namePrefix, watched);
    }

    /**
     * The topic's key lets CloudWatch alarms of this account, and only those, encrypt notifications. Removal policy
     * DESTROY (KMS waits 7 days before deleting): the key protects notifications in transit, never stored data, so
     * a deleted stack leaves nothing that would need it.
     */
    private Topic alarmTopic(String namePrefix, String alarmEmail) {
        Stack stack = Stack.of(scope);
        Key key = Key.Builder.create(scope, "AlarmTopicKey")
                .description("Encrypts the " + namePrefix + " alarm topic")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .pendingWindow(Duration.days(7))
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchAlarmsOfThisAccount")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                        "ArnLike", Map.of("aws:SourceArn", "arn:" + stack.getPartition() + ":cloudwatch:"
                                + stack.getRegion() + ":" + stack.getAccount() + ":alarm:*")))
                .build());
        Topic topic = Topic.Builder.create(scope, "AlarmTopic")
                .displayName(namePrefix + " alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        if (!alarmEmail.isBlank()) {
            topic.addSubscription(new EmailSubscription(alarmEmail));
        }
        return topic;
    }

    private void alarms(Watched watched) {
        alarm("DeadLettersAlarm", "Jobs are in the dead-letter queue: inspect with permalinker-ops dlq peek, fix, "
                        + "redrive", watched.deadLetters().metricApproximateNumberOfMessagesVisible(stat("Maximum", 1)),
                0, ComparisonOperator.GREATER_THAN_THRESHOLD);
        alarm("OldestJobAlarm", "The oldest job has waited over 15 minutes: the worker is stuck or throttled",
                watched.jobs().metricApproximateAgeOfOldestMessage(stat("Maximum", 5)), 900,
                ComparisonOperator.GREATER_THAN_THRESHOLD);
        alarm("Ingest5xxAlarm", "The ingest answers 5xx: Contentstack retries, and disables the webhook after 10 "
                        + "failed deliveries", watched.api().api().metricServerError(stat("Sum", 5)), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        alarm("WorkerErrorsAlarm", "Worker invocations fail", watched.worker().metricErrors(stat("Sum", 5)), 0,
                ComparisonOperator.GREATER_THAN_THRESHOLD);
        alarm("WorkerThrottlesAlarm", "Worker invocations are throttled by Lambda concurrency",
                watched.worker().metricThrottles(stat("Sum", 5)), 0, ComparisonOperator.GREATER_THAN_THRESHOLD);
    }

    private void dashboard(String namePrefix, Watched watched) {
        Dashboard dashboard = Dashboard.Builder.create(scope, "Dashboard").dashboardName(namePrefix).build();
        dashboard.addWidgets(
                graph("Job queue depth", watched.jobs().metricApproximateNumberOfMessagesVisible(stat("Maximum", 1)),
                        watched.jobs().metricApproximateNumberOfMessagesNotVisible(stat("Maximum", 1))),
                graph("Dead-letter queue depth",
                        watched.deadLetters().metricApproximateNumberOfMessagesVisible(stat("Maximum", 1))),
                graph("Ingest requests", watched.api().api().metricCount(stat("Sum", 1)),
                        watched.api().api().metricClientError(stat("Sum", 1)),
                        watched.api().api().metricServerError(stat("Sum", 1))));
        dashboard.addWidgets(
                graph("CMA outcomes",
                        outcomeMetric(watched.workerLogs(), "JobsWritten", WorkerOutcome.WRITTEN),
                        outcomeMetric(watched.workerLogs(), "JobsAlreadySet", WorkerOutcome.ALREADY_SET),
                        outcomeMetric(watched.workerLogs(), "JobsRetried", WorkerOutcome.RETRY),
                        outcomeMetric(watched.workerLogs(), "JobsDeadLettered", WorkerOutcome.DEAD_LETTERED)),
                graph("Worker", watched.worker().metricInvocations(stat("Sum", 1)),
                        watched.worker().metricErrors(stat("Sum", 1)),
                        watched.worker().metricThrottles(stat("Sum", 1))),
                graph("Oldest job (s)", watched.jobs().metricApproximateAgeOfOldestMessage(stat("Maximum", 1))));
    }

    /** Counts the worker's {@code outcome=<wire name>} log lines. */
    private Metric outcomeMetric(LogGroup workerLogs, String metricName, WorkerOutcome outcome) {
        MetricFilter filter = MetricFilter.Builder.create(scope, metricName + "Filter")
                .logGroup(workerLogs)
                .metricNamespace(NAMESPACE)
                .metricName(metricName)
                .filterPattern(FilterPattern.literal("\"outcome=" + outcome.wire() + " \""))
                .metricValue("1")
                .defaultValue(0)
                .build();
        return filter.metric(stat("Sum", 1));
    }

    private void alarm(String id, String description, IMetric metric, double threshold, ComparisonOperator operator) {
        Alarm alarm = Alarm.Builder.create(scope, id)
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

    static MetricOptions stat(String statistic, int minutes) {
        return MetricOptions.builder().statistic(statistic).period(Duration.minutes(minutes)).build();
    }
}
