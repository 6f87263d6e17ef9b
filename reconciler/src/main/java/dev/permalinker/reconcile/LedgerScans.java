package dev.permalinker.reconcile;

import dev.permalinker.ledger.AssetLedger;
import dev.permalinker.ledger.CheckpointMove;
import dev.permalinker.ledger.LedgerUnavailableException;
import dev.permalinker.ledger.ScanCheckpoint;
import dev.permalinker.ledger.ScanPosition;
import dev.permalinker.ledger.ScanScope;
import dev.permalinker.ledger.StoredCheckpoint;
import dev.permalinker.ledger.UnfinishedScan;
import dev.permalinker.retry.Deadline;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciler's incremental scans over the asset ledger: per stack and branch, read the checkpoint, scan newest
 * first only down to it (less the overlap), or the whole lookback on a first run, a due full pass or an unreadable
 * checkpoint, resuming an unfinished scan where one is kept; then move the checkpoint only past what is settled.
 *
 * <p>The ledger unavailable when the run starts (the checkpoint cannot be read): the stack's run is <b>skipped</b>
 * (logged, {@code LedgerUnavailable} with {@code Stage=reconciler}, {@code ReconcileRuns} {@code Result=skipped}),
 * not scanned through its whole window without the ledger. That full scan is what spends the organisation's shared
 * read budget, and without the ledger it would queue again every dead-lettered asset (the loop the ledger ends);
 * skipping loses nothing, since the checkpoint stays where it is and the next run with the ledger covers the gap,
 * while the worker goes on setting URLs from the webhooks without it. A ledger that fails mid-scan ends that stack's
 * scan the same way: what it queued stays queued, the checkpoint does not move. Its alarm is the stack's.
 */
final class LedgerScans {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerScans.class);

    /** How a stack's run ended, for {@code ReconcileRuns} ({@code Result}). */
    enum Result {
        /** The scan reached its end; the checkpoint moved (or another run had moved it). */
        COMPLETED("completed"),
        /** Not finished this run: jobs waiting in the queue, or an unfinished scan kept for the next run. */
        DEFERRED("deferred"),
        /** Not scanned, or ended by a problem (the ledger unavailable, the CMA failing): the next run tries again. */
        SKIPPED("skipped");

        private final String wire;

        Result(String wire) {
            this.wire = wire;
        }

        String wire() {
            return wire;
        }
    }

    /** One stack's run: its scan (or {@code null} when skipped before it), and how it ended. */
    record Run(StackScan scan, Result result, int deadLettered, boolean ledgerUnavailable) {
    }

    private final AssetScan scan;
    private final AssetLedger ledger;
    private final Duration fullPassEvery;
    private final Duration overlap;
    private final Duration requeueAfter;

    LedgerScans(AssetScan scan, AssetLedger ledger, Duration fullPassEvery, Duration overlap, Duration requeueAfter) {
        this.scan = scan;
        this.ledger = ledger;
        this.fullPassEvery = fullPassEvery;
        this.overlap = overlap;
        this.requeueAfter = requeueAfter;
    }

    Run run(String apiKey, String branch, ReconcileWindow window, Instant now, Deadline deadline)
            throws InterruptedException {
        ScanScope scope = new ScanScope(apiKey, branch);
        StoredCheckpoint stored;
        try {
            stored = ledger.checkpoint(scope);
        } catch (LedgerUnavailableException e) {
            LOG.atWarn().addKeyValue("outcome", "reconcile_skipped").addKeyValue("apiKey", apiKey)
                    .addKeyValue("branch", branch).addKeyValue("errorCode", e.reason().wire())
                    .log("the asset ledger is unavailable: this stack's scan is skipped (its checkpoint stays; the "
                            + "next run covers the gap)");
            return new Run(null, Result.SKIPPED, 0, true);
        }
        ScanCheckpoint current = stored.value();
        UnfinishedScan resume = current == null ? null : current.unfinished();
        boolean fullPass = current == null || current.settled() == null || current.fullPassAt() == null
                || !current.fullPassAt().plus(fullPassEvery).isAfter(now);
        if (resume != null) {
            fullPass = resume.fullPass();
        }
        ScanPosition stopBelow = fullPass ? null
                : ScanPosition.below(current.settled().createdAt().minus(overlap));
        ScanTrack track = new ScanTrack();
        StackScan result = scan.scan(apiKey, branch, window, deadline,
                new AssetScan.Plan(stopBelow, resume, ledger, requeueAfter), track);
        if (track.ledgerFailedDuringScan()) {
            return new Run(result, Result.SKIPPED, track.deadLettered, true);
        }
        ScanCheckpoint next = next(current, resume, fullPass, result, track, window, now);
        if (next == null) {
            return new Run(result, Result.SKIPPED, track.deadLettered, false);
        }
        boolean ledgerUnavailable = false;
        try {
            CheckpointMove move = ledger.moveCheckpoint(stored, next);
            if (!move.moved()) {
                LOG.atInfo().addKeyValue("outcome", "reconcile_checkpoint_conflict").addKeyValue("apiKey", apiKey)
                        .addKeyValue("branch", branch)
                        .log("another run moved the checkpoint first: this run's findings stand, its move is dropped");
            }
        } catch (LedgerUnavailableException e) {
            ledgerUnavailable = true;
            LOG.atWarn().addKeyValue("outcome", "ledger_unavailable").addKeyValue("apiKey", apiKey)
                    .addKeyValue("branch", branch).addKeyValue("errorCode", e.reason().wire())
                    .log("the checkpoint could not be moved: the next run reads this part again");
        }
        LOG.atInfo().addKeyValue("outcome", "reconcile_checkpoint").addKeyValue("apiKey", apiKey)
                .addKeyValue("branch", branch).addKeyValue("fullPass", fullPass)
                .addKeyValue("resumed", resume != null)
                .addKeyValue("settled", next.settled() == null ? "none" : next.settled().createdAt().toString())
                .addKeyValue("unfinished", next.unfinished() != null).addKeyValue("reads", result.reads())
                .addKeyValue("ledgerReads", track.ledgerReads).addKeyValue("requeued", track.requeued)
                .log("scanned against the ledger's checkpoint");
        return new Run(result, next.unfinished() == null ? Result.COMPLETED : Result.DEFERRED, track.deadLettered,
                ledgerUnavailable);
    }

    /**
     * The checkpoint after the scan, or {@code null} to leave it: a completed scan moves {@code settled} up to the
     * cut below the oldest asset still waiting (never down); a scan that ran out of pages or time keeps an
     * unfinished scan; any other problem (or an unordered list) leaves the checkpoint as it is.
     */
    private static ScanCheckpoint next(ScanCheckpoint current, UnfinishedScan resume, boolean fullPass,
                                       StackScan result, ScanTrack track, ReconcileWindow window, Instant now) {
        ScanPosition settledNow = current == null ? null : current.settled();
        Instant fullPassAt = current == null ? null : current.fullPassAt();
        if (!track.ordered()) {
            return null;
        }
        ScanPosition settleable = track.settleable(ScanPosition.below(window.to()));
        if (resume != null) {
            // What the resumed scan found waiting in the part it examined holds the checkpoint back too.
            settleable = ScanTrack.lower(settleable, resume.settleableTo());
        }
        if (result.complete()) {
            ScanPosition settled = settledNow == null ? settleable
                    : settleable.isAtOrAbove(settledNow) ? settleable : settledNow;
            return new ScanCheckpoint(settled, null, fullPass ? now : fullPassAt);
        }
        String problem = result.problem().code();
        ScanPosition top = track.top();
        ScanPosition reached = track.reached();
        if (!(ScanProblem.PAGE_LIMIT.equals(problem) || ScanProblem.OUT_OF_TIME.equals(problem)) || top == null) {
            return null;
        }
        settleable = ScanTrack.lower(settleable, top);
        return new ScanCheckpoint(settledNow, new UnfinishedScan(top, reached, settleable, fullPass), fullPassAt);
    }
}
