package dev.permalinker.model;

import java.util.Locale;

/**
 * What the worker did with one message, as its log lines and metrics name it. The CDK stack's metrics and alarms
 * read the same constants: renaming one changes both sides together.
 */
public enum WorkerOutcome {
    /** This call set the permanent URL. */
    WRITTEN,
    /** The asset already had its permanent URL (a duplicate, a redrive, or a retry after a lost answer). */
    ALREADY_SET,
    /** Not finished this time (throttled, CMA unavailable, time budget spent): the queue delivers it again. */
    RETRY,
    /** Cannot succeed by retrying: sent to the DLQ with its {@link FailureCode}. */
    DEAD_LETTERED,
    /** An earlier message of its FIFO group failed in this batch: reported failed without being tried. */
    SKIPPED,
    /** Not started: the invocation's time budget was spent. */
    DEFERRED;

    /** The stable name in logs and metric dimensions, e.g. {@code already_set}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
