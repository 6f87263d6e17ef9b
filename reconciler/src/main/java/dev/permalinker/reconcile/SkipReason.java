package dev.permalinker.reconcile;

/** Why a listed asset was not queued; the wire codes appear in the report and the log. */
public enum SkipReason {
    /** It has its {@code permanent_url}: the usual case. */
    ALREADY_SET("already_set"),
    /** A folder ({@code is_dir: true}), not a file: folders get no permanent URL. */
    FOLDER("folder"),
    /** Created less than the grace ago: left to its webhook, which Contentstack may still be retrying. */
    TOO_YOUNG("too_young"),
    /** Created before the window: outside this run's lookback. */
    TOO_OLD("too_old"),
    /** Its {@code created_at} is missing or not an ISO-8601 date-time: it cannot be placed in the window. */
    UNREADABLE_CREATED_AT("unreadable_created_at"),
    /** Its {@code uid} is missing or unsafe as a URL path segment. */
    INVALID_UID("invalid_uid"),
    /**
     * SQS refused its job (its contents, not the queue being down): sending it again would fail the same way, so the
     * scan goes on without it and the run counts it ({@code ReconcileUnqueued}).
     */
    UNQUEUED("unqueued");

    private final String code;

    SkipReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
