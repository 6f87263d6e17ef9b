package dev.permalinker.infra;

import dev.permalinker.model.ReleaseActionOutcome;
import dev.permalinker.model.WorkerOutcome;
import dev.permalinker.telemetry.PipelineMetric;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarmAction;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * What an operator pages on and looks at: the alarm topic (KMS-encrypted), the pipeline's alarms and the dashboard. The
 * pipeline's own figures are the metrics the functions write in the embedded metric format (namespace
 * {@value #NAMESPACE}, dimension {@code Service} = the stack's name), named by {@link PipelineMetric}; queues, API
 * and functions are AWS's own metrics.
 */
public final class Monitoring {
    static final String NAMESPACE = PipelineMetric.DEFAULT_NAMESPACE;
    /** A content editor waits this long for a URL, at the 90th percentile, for 15 minutes: page. */
    static final Duration SLOW_PERMANENT_URL = Duration.minutes(15);
    /** The {@code StatusClass} values of {@code CmaCalls}. */
    static final List<String> CMA_STATUS_CLASSES = List.of("2xx", "4xx", "5xx", "io_error");
    /** The {@code Status} values of {@code Webhooks} on the dashboard: accepted, ignored, refused, retry later. */
    static final List<String> WEBHOOK_STATUSES = List.of("202", "200", "400", "401", "503");

    private final Construct scope;
    private final SnsAction notify;
    private final String service;
    private Dashboard dashboard;

    /** The parts of the pipeline it watches. */
    public record Watched(Queue jobs, Queue deadLetters, WebhookApi api, Function worker) {
    }

    /** @param service the {@code Service} dimension the functions emit ({@code METRICS_SERVICE}) */
    public Monitoring(Construct scope, String namePrefix, String service, String alarmEmail, Watched watched) {
        this.scope = scope;
        this.service = service;
        this.notify = new SnsAction(alarmTopic(namePrefix, alarmEmail));
        alarms(watched);
        dashboard(namePrefix, watched);
    }

    /** Where alarms notify: the stack's other concerns (release actions) add theirs to it. */
    public IAlarmAction notifyAction() {
        return notify;
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
        Map<String, IMetric> unavailable = new LinkedHashMap<>();
        for (String stage : LEDGER_STAGES) {
            unavailable.put(stage, emitted(PipelineMetric.LEDGER_UNAVAILABLE, stage, "Sum", 5));
        }
        alarm("LedgerUnavailableAlarm", "Calls to the asset ledger (DynamoDB table, LedgerTableName output) have "
                        + "failed for " + 5 * LEDGER_UNAVAILABLE_PERIODS + " minutes: nothing is lost, but the worker "
                        + "reads the CMA before every write of an old job and the reconciler skips its runs. Find the "
                        + "cause in the worker's and the reconciler's logs (ledger errors: throttling, AccessDenied, "
                        + "a missing table) and the table's metrics; fix the table, its grants or LEDGER_TABLE",
                MathExpression.Builder.create()
                        .expression("FILL(worker, 0) + FILL(reconciler, 0)")
                        .usingMetrics(unavailable)
                        .label("Ledger calls failed")
                        .period(Duration.minutes(5))
                        .build(),
                1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, LEDGER_UNAVAILABLE_PERIODS);
        alarm("SlowPermanentUrlAlarm", "Editors wait over 15 minutes for permanent URLs (p90 of TimeToPermanentUrl "
                        + "for 15 minutes): the worker is behind, throttled by the CMA, or retrying",
                emitted(PipelineMetric.TIME_TO_PERMANENT_URL, null, "p90", 5),
                SLOW_PERMANENT_URL.toMilliseconds().doubleValue(), ComparisonOperator.GREATER_THAN_THRESHOLD, 3);
    }

    /** The {@code Stage} values of {@code LedgerUnavailable}. */
    static final List<String> LEDGER_STAGES = List.of("worker", "reconciler");
    /**
     * Five-minute periods of failed ledger calls in a row before paging: a throttled burst or a deploy's blip heals
     * itself (the stages fall back meanwhile), an outage or a wrong grant does not.
     */
    static final int LEDGER_UNAVAILABLE_PERIODS = 3;

    private void dashboard(String namePrefix, Watched watched) {
        dashboard = Dashboard.Builder.create(scope, "Dashboard").dashboardName(namePrefix).build();
        dashboard.addWidgets(
                graph("Job queue depth", watched.jobs().metricApproximateNumberOfMessagesVisible(stat("Maximum", 1)),
                        watched.jobs().metricApproximateNumberOfMessagesNotVisible(stat("Maximum", 1))),
                graph("Dead-letter queue depth",
                        watched.deadLetters().metricApproximateNumberOfMessagesVisible(stat("Maximum", 1))),
                graph("Ingest requests", watched.api().api().metricCount(stat("Sum", 1)),
                        watched.api().api().metricClientError(stat("Sum", 1)),
                        watched.api().api().metricServerError(stat("Sum", 1))));
        dashboard.addWidgets(
                graph("Webhooks by answer", WEBHOOK_STATUSES.stream()
                        .map(status -> emitted(PipelineMetric.WEBHOOKS, status, "Sum", 1)).toArray(IMetric[]::new)),
                graph("Jobs by outcome", Arrays.stream(WorkerOutcome.values())
                        .map(outcome -> emitted(PipelineMetric.JOBS, outcome.wire(), "Sum", 1))
                        .toArray(IMetric[]::new)),
                graph("Time to permanent URL (ms)", emitted(PipelineMetric.TIME_TO_PERMANENT_URL, null, "p50", 1),
                        emitted(PipelineMetric.TIME_TO_PERMANENT_URL, null, "p90", 1),
                        emitted(PipelineMetric.TIME_TO_PERMANENT_URL, null, "Maximum", 1)));
        dashboard.addWidgets(
                graph("CMA calls by status", Stream.concat(CMA_STATUS_CLASSES.stream()
                                .map(statusClass -> emitted(PipelineMetric.CMA_CALLS, statusClass, "Sum", 1)),
                        Stream.of(emitted(PipelineMetric.CMA_THROTTLED, null, "Sum", 1))).toArray(IMetric[]::new)),
                graph("CMA latency (ms)", emitted(PipelineMetric.CMA_LATENCY, null, "p50", 1),
                        emitted(PipelineMetric.CMA_LATENCY, null, "p99", 1)),
                graph("Worker", watched.worker().metricInvocations(stat("Sum", 1)),
                        watched.worker().metricErrors(stat("Sum", 1)),
                        watched.worker().metricThrottles(stat("Sum", 1))));
        dashboard.addWidgets(
                graph("Oldest job (s)", watched.jobs().metricApproximateAgeOfOldestMessage(stat("Maximum", 1))),
                // Empty unless release actions are deployed (permalinker:releaseHookUrl / eventBusName).
                graph("Release actions by outcome", Arrays.stream(ReleaseActionOutcome.values())
                        .map(outcome -> emitted(PipelineMetric.RELEASE_ACTIONS, outcome.wire(), "Sum", 1))
                        .toArray(IMetric[]::new)),
                graph("Asset ledger calls failed", LEDGER_STAGES.stream()
                        .map(stage -> emitted(PipelineMetric.LEDGER_UNAVAILABLE, stage, "Sum", 1))
                        .toArray(IMetric[]::new)));
    }

    /** The dashboard, for concerns that add their own rows (reconciliation). */
    Dashboard dashboard() {
        return dashboard;
    }

    /** A metric the functions emit, for this stack, with its own dimension set to {@code dimensionValue}. */
    Metric emitted(PipelineMetric metric, String dimensionValue, String statistic, int minutes) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put(PipelineMetric.SERVICE_DIMENSION, service);
        if (metric.dimension() != null) {
            dimensions.put(metric.dimension(), dimensionValue);
        }
        return Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(metric.metricName())
                .dimensionsMap(dimensions)
                .statistic(statistic)
                .period(Duration.minutes(minutes))
                .label(metric.metricName() + (dimensionValue == null ? "" : " " + dimensionValue)
                        + (statistic.equals("Sum") ? "" : " " + statistic))
                .build();
    }

    private void alarm(String id, String description, IMetric metric, double threshold, ComparisonOperator operator) {
        alarm(id, description, metric, threshold, operator, 1);
    }

    /** An alarm that notifies the topic when it fires and when it clears; missing data is not breaching. */
    void alarm(String id, String description, IMetric metric, double threshold, ComparisonOperator operator,
               int evaluationPeriods) {
        alarm(id, description, metric, threshold, operator, evaluationPeriods, TreatMissingData.NOT_BREACHING);
    }

    /**
     * An alarm that notifies the topic when it fires and when it clears, after {@code evaluationPeriods}
     * consecutive breaching periods.
     */
    void alarm(String id, String description, IMetric metric, double threshold, ComparisonOperator operator,
               int evaluationPeriods, TreatMissingData missingData) {
        Alarm alarm = Alarm.Builder.create(scope, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(operator)
                .evaluationPeriods(evaluationPeriods)
                .datapointsToAlarm(evaluationPeriods)
                .treatMissingData(missingData)
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
