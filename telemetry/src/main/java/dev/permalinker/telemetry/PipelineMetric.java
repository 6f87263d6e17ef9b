package dev.permalinker.telemetry;

/**
 * Every metric the functions emit, by its CloudWatch name, unit and dimensions. The stack's dashboard and alarms
 * are built from this list, and its template test checks that they name nothing else.
 *
 * <p>Each metric has the dimension {@value #SERVICE_DIMENSION} (the stack's name, so two stacks in one account
 * stay apart) and at most one more.
 */
public enum PipelineMetric {
    /** Webhook requests answered, by HTTP status ({@code Status}: 202, 200, 401, 503…). Ingest. */
    WEBHOOKS("Webhooks", Unit.COUNT, "Status"),
    /** Jobs finished or handed back, by {@code WorkerOutcome} wire name ({@code Outcome}: written, retry…). Worker. */
    JOBS("Jobs", Unit.COUNT, "Outcome"),
    /** CMA calls answered, by status class ({@code StatusClass}: 2xx, 4xx, 5xx, or io_error for no answer). Worker. */
    CMA_CALLS("CmaCalls", Unit.COUNT, "StatusClass"),
    /** CMA answers 429: the organisation's shared budget ran out. Worker. */
    CMA_THROTTLED("CmaThrottled", Unit.COUNT, null),
    /** Time of one CMA call, answer or failure. Worker. */
    CMA_LATENCY("CmaLatency", Unit.MILLISECONDS, null),
    /**
     * From the webhook's {@code triggered_at} to this worker setting the URL: what a content editor waits.
     * Only for jobs this worker wrote ({@code written}). Worker.
     */
    TIME_TO_PERMANENT_URL("TimeToPermanentUrl", Unit.MILLISECONDS, null),
    /**
     * Assets a reconciliation run queued because no webhook brought them (no permanent URL after the grace):
     * deliveries are being lost. Recorded every run, 0 included. Reconciler.
     */
    RECONCILE_QUEUED("ReconcileQueued", Unit.COUNT, null),
    /**
     * Watched webhooks with something wrong, by finding ({@code Finding}: disabled, unhealthy, missing,
     * retry_manual…), one per webhook and finding per run. Reconciler.
     */
    WEBHOOK_UNHEALTHY("WebhookUnhealthy", Unit.COUNT, "Finding"),
    /**
     * Reconciliation runs, by how they ended ({@code Result}: completed, deferred, skipped); one per stack and branch
     * per run. The heartbeat alarm watches {@code completed}: no completed run in 3 intervals pages. Reconciler.
     */
    RECONCILE_RUNS("ReconcileRuns", Unit.COUNT, "Result"),
    /**
     * Problems a reconciliation run met and went on from, by kind ({@code Problem}: page_unreadable, deadline,
     * webhooks_unreadable…). Reconciler.
     */
    RECONCILE_PROBLEMS("ReconcileProblems", Unit.COUNT, "Problem"),
    /**
     * Assets without a permanent URL that a run did not queue because they wait in the DLQ ({@code dead_lettered}
     * in the ledger): the operator's, not missed. Recorded every run, 0 included. Reconciler.
     */
    RECONCILE_DEAD_LETTERED("ReconcileDeadLettered", Unit.COUNT, null),
    /** Assets a run could not queue (SQS refused the job): skipped, logged, the run went on. Reconciler. */
    RECONCILE_UNQUEUED("ReconcileUnqueued", Unit.COUNT, null),
    /**
     * Asset-ledger calls that failed ({@code Stage}: worker, reconciler), so the stage fell back (the worker reads
     * the CMA first, the reconciler skips its run). Worker, reconciler.
     */
    LEDGER_UNAVAILABLE("LedgerUnavailable", Unit.COUNT, "Stage"),
    /** Release actions, by {@code ReleaseActionOutcome} wire name ({@code Outcome}: sent, retry, failed). Actions. */
    RELEASE_ACTIONS("ReleaseActions", Unit.COUNT, "Outcome");

    /** The namespace unless {@code METRICS_NAMESPACE} says otherwise. */
    public static final String DEFAULT_NAMESPACE = "Permalinker";
    public static final String SERVICE_DIMENSION = "Service";

    /** CloudWatch's unit names, as EMF writes them. */
    public enum Unit {
        COUNT("Count"), MILLISECONDS("Milliseconds");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    private final String metricName;
    private final Unit unit;
    private final String dimension;

    PipelineMetric(String metricName, Unit unit, String dimension) {
        this.metricName = metricName;
        this.unit = unit;
        this.dimension = dimension;
    }

    public String metricName() {
        return metricName;
    }

    public Unit unit() {
        return unit;
    }

    /** The dimension beside {@value #SERVICE_DIMENSION}, or {@code null}. */
    public String dimension() {
        return dimension;
    }
}
