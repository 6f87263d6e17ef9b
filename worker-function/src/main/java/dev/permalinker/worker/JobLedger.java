package dev.permalinker.worker;

import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.AssetLedger;
import dev.permalinker.ledger.AssetLookup;
import dev.permalinker.ledger.AssetState;
import dev.permalinker.ledger.LedgerUnavailableException;
import dev.permalinker.ledger.QueueSource;
import dev.permalinker.ledger.Settlement;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.telemetry.Metrics;
import dev.permalinker.telemetry.PipelineMetric;
import dev.permalinker.worker.JobOutcome.DeadLetter;
import dev.permalinker.worker.JobOutcome.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's use of the asset ledger: it answers "may this job have a twin that already set the URL?" from the
 * ledger instead of the CMA, and records what each job ended with (the rules are asset-ledger's package
 * documentation).
 *
 * <p>Every ledger call may fail ({@link LedgerUnavailableException}): the worker then does what it did before the
 * ledger (reads the CMA before it writes; a record that fails is logged and the job still succeeds), counts
 * {@code LedgerUnavailable} ({@code Stage=worker}) and never waits long for it: the DynamoDB client has a short call
 * timeout and few retries. {@link #NONE} is the worker without a ledger (no {@code LEDGER_TABLE}): every judgement
 * is {@link Judgement#READ_FIRST}, nothing is recorded.
 */
public final class JobLedger {
    /** No ledger: the worker as it was before it (read the CMA before writing an old job, record nothing). */
    public static final JobLedger NONE = new JobLedger(null, Metrics.NONE);
    static final String STAGE = "worker";
    private static final Logger LOG = LoggerFactory.getLogger(JobLedger.class);

    private final AssetLedger ledger;
    private final Metrics metrics;

    /** @param ledger the asset ledger, or {@code null} for none */
    public JobLedger(AssetLedger ledger, Metrics metrics) {
        this.ledger = ledger;
        this.metrics = metrics;
    }

    /** What the ledger says about a job that may have a twin. */
    public sealed interface Verdict permits Judgement, AlreadySet {
    }

    /** No URL known: how to go on. */
    public enum Judgement implements Verdict {
        /** Nobody recorded an outcome: write directly (one PUT; a refusal is still checked by a GET). */
        WRITE,
        /** The ledger cannot judge (unavailable, unreadable row, a dead letter, a redelivery): read the CMA first. */
        READ_FIRST
    }

    /** The ledger has the asset's URL: the job ends {@code already_set} without a CMA call. */
    public record AlreadySet(String permanentUrl) implements Verdict {
    }

    /**
     * Judges a job that may have a twin (older than SQS's deduplication window, or redelivered).
     *
     * <p>{@code written}/{@code already_set} → {@link AlreadySet}. No row, or a row still {@code queued} (no one
     * recorded an outcome), on a first delivery → {@link Judgement#WRITE}: the likely case by far is that no one
     * wrote, and if a twin did and died before recording, the CMA's refusal of the second PUT is checked by a GET
     * and the job still ends {@code already_set}. A redelivery otherwise reads first: the previous attempt of this
     * very message may have written and died before recording. {@code dead_lettered}, {@code deleted}, an unreadable
     * row (logged by the ledger) or an unavailable ledger read first too: never treated as done.
     */
    public Verdict judge(PermalinkJob job, int deliveries) {
        if (ledger == null) {
            return Judgement.READ_FIRST;
        }
        AssetLookup lookup;
        try {
            lookup = ledger.find(AssetKey.of(job));
        } catch (LedgerUnavailableException e) {
            unavailable(job, "find", e);
            return Judgement.READ_FIRST;
        }
        if (lookup.hasPermanentUrl()) {
            return new AlreadySet(lookup.found().orElseThrow().permanentUrl());
        }
        boolean nobodyRecorded = lookup instanceof AssetLookup.Absent
                || lookup.found().map(entry -> entry.state() == AssetState.QUEUED).orElse(false);
        return nobodyRecorded && deliveries <= 1 ? Judgement.WRITE : Judgement.READ_FIRST;
    }

    /**
     * Records a finished job: {@code written} or {@code already_set} with its URL ({@code already_set} only when a CMA
     * call found it: one the ledger or this container's memory told is in the ledger already), {@code deleted} for
     * {@code asset_deleted}, else {@code dead_lettered} with its failure code.
     */
    public void recordFinished(PermalinkJob job, JobOutcome outcome) {
        if (ledger == null || job == null || job.assetUid() == null) {
            return;
        }
        Settlement settlement;
        if (outcome instanceof Done done) {
            if (!done.written() && done.attempts() == 0) {
                return;
            }
            settlement = done.written() ? Settlement.written(done.permanentUrl(), done.attempts())
                    : Settlement.alreadySet(done.permanentUrl(), done.attempts());
        } else if (outcome instanceof DeadLetter dead) {
            settlement = dead.code() == FailureCode.ASSET_DELETED ? Settlement.deleted(dead.attempts())
                    : Settlement.deadLettered(dead.code(), dead.attempts());
        } else {
            return;
        }
        try {
            ledger.record(key(job), settlement);
        } catch (LedgerUnavailableException e) {
            unavailable(job, "record", e);
        } catch (IllegalArgumentException e) {
            // A job whose key is not a safe identifier was dead-lettered as invalid: there is no row to keep.
            LOG.atDebug().addKeyValue("outcome", "ledger_skipped").addKeyValue("detail", e.getMessage())
                    .log("no ledger row for a job without a valid key");
        }
    }

    /**
     * Records that a job will come back ({@code Retry}): creates a {@code queued} row (by the webhook) only where
     * there is none, so the reconciler sees the asset in flight and does not queue it again.
     */
    public void recordRetry(PermalinkJob job) {
        if (ledger == null || job == null || job.assetUid() == null) {
            return;
        }
        try {
            ledger.markQueued(key(job), QueueSource.WEBHOOK);
        } catch (LedgerUnavailableException e) {
            unavailable(job, "markQueued", e);
        } catch (IllegalArgumentException e) {
            // Not a valid key: nothing to keep.
        }
    }

    private static AssetKey key(PermalinkJob job) {
        return AssetKey.of(job);
    }

    private void unavailable(PermalinkJob job, String operation, LedgerUnavailableException e) {
        metrics.count(PipelineMetric.LEDGER_UNAVAILABLE, STAGE);
        LOG.atWarn().addKeyValue("outcome", "ledger_unavailable").addKeyValue("assetUid", job.assetUid())
                .addKeyValue("errorCode", e.reason().wire()).addKeyValue("detail", operation)
                .log("the asset ledger did not answer: the worker goes on without it (reads the CMA first)");
    }

    @Override
    public String toString() {
        return "JobLedger[" + (ledger == null ? "none" : ledger) + "]";
    }
}
