package dev.permalinker.ledger;

import java.time.Instant;

/**
 * The reconciler's progress through one stack and branch: what an incremental run may skip, and where an unfinished
 * scan goes on. A value; the ledger stores it per {@link ScanScope} and moves it only by compare-and-set.
 *
 * <p>How a run uses it: with a {@code settled} cut, it reads newest first only down to that cut (less an overlap of
 * its choosing, to absorb assets the CMA lists late); without one (a first run), or when {@code fullPassAt} is older
 * than its full-pass interval, it reads the whole lookback. Every asset on the older side of {@code settled} (within
 * the lookback) is settled: it has its URL, or is dead-lettered or deleted. So the run moves {@code settled} only up
 * to the cut below the oldest asset it saw still waiting: an asset in flight holds the checkpoint back, and a skipped
 * or failed run loses nothing. A run that runs out of pages or time leaves an {@link UnfinishedScan}.
 *
 * @param settled    everything on its older side is settled; {@code null} before any run completed
 * @param unfinished a scan to resume, or {@code null}
 * @param fullPassAt when the last full pass of the lookback completed, or {@code null} (none yet)
 */
public record ScanCheckpoint(ScanPosition settled, UnfinishedScan unfinished, Instant fullPassAt) {

    /** Whether moving from this checkpoint to {@code next} keeps {@code settled} where it is or moves it up. */
    public boolean allowsMoveTo(ScanCheckpoint next) {
        return settled == null || next.settled != null && next.settled.isAtOrAbove(settled);
    }
}
