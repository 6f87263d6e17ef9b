package dev.permalinker.model;

import java.util.Locale;

/**
 * What the actions consumer did with a release's action, as its log lines and the {@code ReleaseActions} metric name
 * it; the CDK stack's dashboard and alarms read the same constants.
 */
public enum ReleaseActionOutcome {
    /** The action was performed: the hook answered 2xx and/or the event bus took the event. */
    SENT,
    /** The action failed and is tried again after a backoff. */
    RETRY,
    /** The action failed on its last attempt: sent to the actions DLQ with {@code hook_failed}. */
    FAILED;

    /** The stable name in logs and metric dimensions. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
