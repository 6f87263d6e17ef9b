package dev.permalinker.infra;

import dev.permalinker.model.DeploymentOutput;
import dev.permalinker.reconcile.ScanProblem;
import dev.permalinker.telemetry.PipelineMetric;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;
import software.constructs.IDependable;

/**
 * The stack as the source of truth, on AWS: the reconciler function on an EventBridge schedule, and the alarms that
 * say a webhook is sick before editors do. Context {@code permalinker:reconcileEveryMinutes} (default
 * {@value #DEFAULT_EVERY_MINUTES}; 0 leaves the function, its schedule and its two alarms out; the refused-deliveries
 * alarm watches the ingest and stays).
 *
 * <p>Five alarms, each description saying what to do:
 * <ul>
 *   <li>{@code ReconcilerErrorsAlarm}: the reconciler's invocations fail (at init or in a run);</li>
 *   <li>{@code ReconcilerHeartbeatAlarm}: no run completed ({@code ReconcileRuns}, {@code Result} completed) in
 *       {@value #HEARTBEAT_INTERVALS} intervals, missing data breaching: the safety net stopped;</li>
 *   <li>{@code WebhookUnhealthyAlarm}: a watched webhook is disabled or unhealthy (Contentstack's circuit breaker),
 *       or none delivers asset creations here ({@code WebhookUnhealthy} by {@code Finding});</li>
 *   <li>{@code MissedAssetsAlarm}: the reconciler queued assets no webhook brought ({@code ReconcileQueued} ≥ 1);</li>
 *   <li>{@code RefusedDeliveriesAlarm}: the ingest answers 401 to more than a few deliveries
 *       ({@code Webhooks}, {@code Status} 401): a key or secret is wrong, and Contentstack counts each towards its
 *       breaker.</li>
 * </ul>
 */
final class Reconciliation {
    static final String CONTEXT_KEY = PermalinkerProps.PREFIX + "reconcileEveryMinutes";
    static final int DEFAULT_EVERY_MINUTES = 5;
    /** A run reads one page per stack and branch when idle; 5,000 new assets are 50 pages at 8 reads/s. */
    static final int MEMORY_MB = 512;
    static final Duration TIMEOUT = Duration.minutes(2);
    /** 401s per 5 minutes that page: a forged request now and then is not an outage; a wrong key is every one. */
    static final int REFUSED_DELIVERIES_THRESHOLD = 5;
    /** The {@code Result} of a run that did its work; the heartbeat counts these. */
    static final String COMPLETED = "completed";
    /** The {@code Result} values of {@code ReconcileRuns}. */
    static final List<String> RUN_RESULTS = List.of(COMPLETED, "deferred", "skipped");
    /** Intervals without a completed run before the heartbeat alarm fires. */
    static final int HEARTBEAT_INTERVALS = 3;
    /** The longest an alarm looks back: period × evaluation periods at most a day. */
    static final int MAX_ALARM_WINDOW_MINUTES = 1440;
    /** The {@code Finding} values that mean nothing is delivered (the others are warnings). */
    static final String[] FAILING_FINDINGS = {"disabled", "unhealthy", "missing"};

    private Reconciliation() {
    }

    /**
     * What the stack hands over.
     *
     * @param tokensReady what must exist before a version's init reads the tokens secret (its placeholders)
     */
    record Parts(IQueue jobs, ISecret managementTokens, IDependable tokensReady, Table ledger, String publicWebhookUrl,
                 Monitoring monitoring) {
    }

    /** The schedule in minutes from context: 0 (off) to a day. */
    static int everyMinutes(Construct scope) {
        Object value = scope.getNode().tryGetContext(CONTEXT_KEY);
        if (value == null || value.toString().isBlank()) {
            return DEFAULT_EVERY_MINUTES;
        }
        try {
            int minutes = Integer.parseInt(value.toString().trim());
            if (minutes < 0 || minutes > 1440) {
                throw new NumberFormatException();
            }
            return minutes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid context: " + CONTEXT_KEY + " must be a whole number of "
                    + "minutes between 0 (off) and 1440, was " + value);
        }
    }

    /**
     * The reconciler's window and branches from context ({@code permalinker:reconcileGrace}, {@code reconcileLookback}
     * as ISO-8601 durations, {@code reconcileBranches} comma-separated), as its {@code RECONCILE_*} variables; unset
     * keys leave the function's defaults (PT15M, PT24H, main). A duration that does not parse fails the synth.
     */
    static Map<String, String> windowEnvironment(Construct scope) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String[] key : new String[][] {{"reconcileGrace", "RECONCILE_GRACE"},
                {"reconcileLookback", "RECONCILE_LOOKBACK"}, {"reconcileBranches", "RECONCILE_BRANCHES"}}) {
            Object value = scope.getNode().tryGetContext(PermalinkerProps.PREFIX + key[0]);
            if (value == null || value.toString().isBlank()) {
                continue;
            }
            String text = value.toString().trim();
            if (!key[0].equals("reconcileBranches")) {
                try {
                    java.time.Duration duration = java.time.Duration.parse(text);
                    if (duration.isNegative()) {
                        throw new IllegalArgumentException("negative");
                    }
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("invalid context: " + PermalinkerProps.PREFIX + key[0]
                            + " must be an ISO-8601 duration such as PT15M, was " + text);
                }
            }
            env.put(key[1], text);
        }
        return env;
    }

    /** Adds the reconciler (unless off), its schedule, the three alarms and the dashboard row. */
    static Function add(Construct scope, String name, PermalinkerProps props, Path jar, Parts parts,
                        Map<String, String> metricsEnvironment) {
        int every = everyMinutes(scope);
        Monitoring monitoring = parts.monitoring();
        monitoring.alarm("RefusedDeliveriesAlarm", "The ingest refused " + REFUSED_DELIVERIES_THRESHOLD + " or more "
                        + "webhook deliveries with 401 in 5 minutes. A key or secret is wrong (signing key, HMAC key, "
                        + "header secret), and Contentstack counts every 401 towards disabling the webhook (10 "
                        + "failures). Check the ingest's log (status 401, errorCode unauthenticated, detail names the "
                        + "failed check), fix the key or secret, then run permalinker-ops webhook status",
                monitoring.emitted(PipelineMetric.WEBHOOKS, "401", "Sum", 5), REFUSED_DELIVERIES_THRESHOLD,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1);
        if (every == 0) {
            monitoring.dashboard().addWidgets(graph("Refused deliveries (401)",
                    monitoring.emitted(PipelineMetric.WEBHOOKS, "401", "Sum", 5)));
            return null;
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CS_APIKEY", String.join(",", props.apiKeys()));
        env.put("CS_MANAGEMENTTOKENS_SECRET_ARN", parts.managementTokens().getSecretArn());
        env.put("CS_REGION", props.csRegion().configName());
        env.put("CS_RATE_LIMIT", format(props.rateLimit()));
        env.put("CS_RATE_SHARE", format(props.rateShare()));
        env.put("QUEUE_URL", parts.jobs().getQueueUrl());
        env.put("PUBLIC_WEBHOOK_URL", parts.publicWebhookUrl());
        env.put("LEDGER_TABLE", parts.ledger().getTableName());
        env.putAll(windowEnvironment(scope));
        env.put("SECRETS_REVISION", props.secretsRevision());
        env.putAll(metricsEnvironment);
        LogGroup logs = JavaFunctions.logGroup(scope, "ReconcilerLogs");
        Function reconciler = JavaFunctions.create(scope, "ReconcilerFunction",
                "Queues assets the webhooks missed and checks the stack's webhooks, every " + every + " min",
                "dev.permalinker.reconcile.function.ReconcilerHandler", jar, MEMORY_MB, TIMEOUT, logs, env);
        PermalinkerStack.output(scope, DeploymentOutput.ReconcilerLogGroup, logs.getLogGroupName(),
                "The reconciler function's logs");
        // What the code calls: SendMessage; GetQueueAttributes (read-only) for the backlog check before each scan and
        // when SnapStart priming runs.
        parts.jobs().grant(reconciler, "sqs:SendMessage", "sqs:GetQueueAttributes");
        JavaFunctions.grantSecretValue(reconciler, parts.managementTokens());
        AssetLedgerTable.grant(reconciler, parts.ledger(), AssetLedgerTable.RECONCILER_ACTIONS);
        // The version's init (the SnapStart snapshot) reads the tokens secret: only once it holds a token per stack.
        reconciler.getCurrentVersion().getNode().addDependency(parts.tokensReady());
        Alias live = Alias.Builder.create(scope, "ReconcilerLive").aliasName("live")
                .version(reconciler.getCurrentVersion()).build();
        // The published version behind the alias is the one SnapStart restores; a failed run is not retried (the
        // next scheduled run is the retry).
        Rule.Builder.create(scope, "ReconcileSchedule")
                .description("Runs the Permalinker reconciler of " + name + " every " + every + " minutes")
                .schedule(Schedule.rate(Duration.minutes(every)))
                .targets(List.of(new LambdaFunction(live, LambdaFunctionProps.builder()
                        .retryAttempts(0).maxEventAge(Duration.minutes(every)).build())))
                .build();

        int period = Math.max(5, every);
        Map<String, IMetric> failing = new LinkedHashMap<>();
        for (String finding : FAILING_FINDINGS) {
            failing.put(finding, monitoring.emitted(PipelineMetric.WEBHOOK_UNHEALTHY, finding, "Sum", period));
        }
        monitoring.alarm("WebhookUnhealthyAlarm", "A Contentstack webhook delivering asset creations here is "
                        + "disabled or unhealthy (its circuit breaker tripped after 10 failed deliveries), or none "
                        + "exists: nothing arrives until a person fixes it. Run permalinker-ops webhook status, fix "
                        + "the cause (ingest errors, a wrong key), re-enable the webhook in Contentstack (Settings > "
                        + "Webhooks); the reconciler queues what was missed within its lookback",
                MathExpression.Builder.create()
                        .expression("FILL(disabled, 0) + FILL(unhealthy, 0) + FILL(missing, 0)")
                        .usingMetrics(failing)
                        .label("Failing webhook findings")
                        .period(Duration.minutes(period))
                        .build(),
                1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1);
        monitoring.alarm("MissedAssetsAlarm", "The reconciler queued assets that no webhook brought (they had no "
                        + "permanent URL after the grace): deliveries are being lost. They will get their URL; find "
                        + "why: permalinker-ops webhook status (disabled, manual retry policy), the ingest's 5xx and "
                        + "401s, the reconciler's log (outcome reconcile_queued names each asset)",
                monitoring.emitted(PipelineMetric.RECONCILE_QUEUED, null, "Sum", period), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1);
        safetyNet(monitoring, reconciler, every, period);
        monitoring.dashboard().addWidgets(
                graph("Assets the webhooks missed (reconciler)",
                        monitoring.emitted(PipelineMetric.RECONCILE_QUEUED, null, "Sum", period)),
                graph("Webhook findings", Stream.of("disabled", "unhealthy", "missing",
                                "manual_retry")
                        .map(f -> monitoring.emitted(PipelineMetric.WEBHOOK_UNHEALTHY, f, "Sum", period))
                        .toArray(IMetric[]::new)),
                graph("Refused deliveries (401)", monitoring.emitted(PipelineMetric.WEBHOOKS, "401", "Sum", 5)));
        monitoring.dashboard().addWidgets(
                graph("Reconciler runs by result", RUN_RESULTS.stream()
                        .map(result -> monitoring.emitted(PipelineMetric.RECONCILE_RUNS, result, "Sum", period))
                        .toArray(IMetric[]::new)),
                graph("Reconciler problems", problemCodes().stream()
                        .map(code -> monitoring.emitted(PipelineMetric.RECONCILE_PROBLEMS, code, "Sum", period))
                        .toArray(IMetric[]::new)),
                graph("Reconciler: waiting in the DLQ, not queued",
                        monitoring.emitted(PipelineMetric.RECONCILE_DEAD_LETTERED, null, "Sum", period),
                        monitoring.emitted(PipelineMetric.RECONCILE_UNQUEUED, null, "Sum", period),
                        reconciler.metricErrors(Monitoring.stat("Sum", period))));
        return reconciler;
    }

    /**
     * The alarms that say the safety net itself stopped: the function fails ({@code ReconcilerErrorsAlarm}), or no
     * run completed in {@value #HEARTBEAT_INTERVALS} intervals ({@code ReconcilerHeartbeatAlarm}, missing data
     * breaching: a reconciler that fails at init, is throttled, or whose schedule is gone emits nothing at all).
     */
    private static void safetyNet(Monitoring monitoring, Function reconciler, int every, int period) {
        monitoring.alarm("ReconcilerErrorsAlarm", "Reconciler invocations fail (an error at init or in a run): "
                        + "assets the webhooks miss are not queued while it lasts. Read the reconciler's log (the "
                        + "ReconcilerLogGroup output, in CloudWatch Logs Insights: the init error or level ERROR), "
                        + "fix the cause (a missing token, a changed secret, a bad setting), "
                        + "redeploy with a new permalinker:secretsRevision if a secret changed",
                reconciler.metricErrors(Monitoring.stat("Sum", period)), 0, ComparisonOperator.GREATER_THAN_THRESHOLD,
                1);
        // CloudWatch evaluates at most a day: past 8-hour schedules, one day-long period (no completed run in a day).
        boolean fits = every * HEARTBEAT_INTERVALS <= MAX_ALARM_WINDOW_MINUTES;
        int heartbeatPeriod = fits ? every : MAX_ALARM_WINDOW_MINUTES;
        int heartbeatPeriods = fits ? HEARTBEAT_INTERVALS : 1;
        monitoring.alarm("ReconcilerHeartbeatAlarm", "No reconciliation run completed in "
                        + (fits ? HEARTBEAT_INTERVALS + " scheduled intervals (" + every + " min each)" : "a day")
                        + ": the safety net is off, and assets the "
                        + "webhooks miss stay without a permanent URL. Check the ReconcilerErrorsAlarm, the "
                        + "reconciler's log (outcome reconciled, or errors), its schedule (EventBridge rule "
                        + "ReconcileSchedule enabled), and the runs by result on the dashboard (deferred: a backlog; "
                        + "skipped: the asset ledger unavailable)",
                monitoring.emitted(PipelineMetric.RECONCILE_RUNS, COMPLETED, "Sum", heartbeatPeriod), 1,
                ComparisonOperator.LESS_THAN_THRESHOLD, heartbeatPeriods, TreatMissingData.BREACHING);
    }

    /** The {@code Problem} values a run reports: {@code ScanProblem}'s wire codes. */
    static List<String> problemCodes() {
        List<String> codes = new ArrayList<>();
        for (Field field : ScanProblem.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    codes.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return codes;
    }

    private static GraphWidget graph(String title, IMetric... metrics) {
        return GraphWidget.Builder.create().title(title).left(List.of(metrics)).width(8).build();
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
