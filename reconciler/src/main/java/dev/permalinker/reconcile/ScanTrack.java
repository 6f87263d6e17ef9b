package dev.permalinker.reconcile;

import dev.permalinker.ledger.ScanPosition;
import dev.permalinker.model.Identifiers;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * What an incremental scan learnt about the cuts of its stack and branch, for the reconciler's next checkpoint: the
 * newest asset it read (the top), the oldest it examined (how far it reached), the oldest still waiting for its URL
 * (which holds the checkpoint back), and whether it met the older side of a resumed scan. Filled as the scan pages.
 */
final class ScanTrack {
    private Instant newest;
    private final Set<String> newestUids = new HashSet<>();
    private Instant oldest;
    private final Set<String> oldestUids = new HashSet<>();
    private Instant oldestWaiting;
    private boolean ordered = true;
    private boolean resumedPastZone;
    private boolean ledgerFailed;
    int deadLettered;
    int requeued;
    int ledgerReads;

    /**
     * An asset read and examined (whatever became of it). A uid outside {@link Identifiers#SAFE_ID} (skipped as
     * {@code invalid_uid}) is never kept in a cut, which cannot hold it: the cut at its instant falls just below it
     * instead, so it lies on the newer side and is only read again.
     */
    void examined(Instant created, String uid) {
        read(created, uid);
        if (oldest == null || created.isBefore(oldest)) {
            oldest = created;
            oldestUids.clear();
        }
        if (created.equals(oldest) && Identifiers.isSafe(uid)) {
            oldestUids.add(uid);
        }
    }

    /** An asset read, examined now or by the scan this one resumes: it may be the top. */
    void read(Instant created, String uid) {
        if (newest == null || created.isAfter(newest)) {
            newest = created;
            newestUids.clear();
        }
        if (created.equals(newest) && newestUids.size() < ScanPosition.MAX_UIDS && Identifiers.isSafe(uid)) {
            newestUids.add(uid);
        }
    }

    /** An asset still waiting for its URL (too young, queued, in flight): the checkpoint stays below it. */
    void waiting(Instant created) {
        if (oldestWaiting == null || created.isBefore(oldestWaiting)) {
            oldestWaiting = created;
        }
    }

    void unordered() {
        ordered = false;
    }

    boolean ordered() {
        return ordered;
    }

    void resumedPastZone() {
        resumedPastZone = true;
    }

    boolean pastZone() {
        return resumedPastZone;
    }

    void ledgerFailed() {
        ledgerFailed = true;
    }

    /** Whether the ledger failed during the scan: its findings stand, its checkpoint does not move. */
    boolean ledgerFailedDuringScan() {
        return ledgerFailed;
    }

    /** The cut at the newest asset read, or {@code null} when none was. */
    ScanPosition top() {
        if (newest == null) {
            return null;
        }
        return newestUids.size() < ScanPosition.MAX_UIDS ? ScanPosition.at(newest, newestUids)
                : ScanPosition.below(newest);
    }

    /** The cut below the oldest asset examined, or {@code null}. */
    ScanPosition reached() {
        if (oldest == null) {
            return null;
        }
        return oldestUids.size() <= ScanPosition.MAX_UIDS ? ScanPosition.at(oldest, oldestUids)
                : ScanPosition.below(oldest);
    }

    /**
     * How far the checkpoint may move on what this scan examined: just below the oldest asset still waiting, else
     * its top; {@code fallback} when it read nothing.
     */
    ScanPosition settleable(ScanPosition fallback) {
        if (oldestWaiting != null) {
            return ScanPosition.below(oldestWaiting);
        }
        ScanPosition top = top();
        return top != null ? top : fallback;
    }

    /** The lower of two cuts (the one whose older side is contained in the other's). */
    static ScanPosition lower(ScanPosition a, ScanPosition b) {
        if (a.isAtOrAbove(b)) {
            return b;
        }
        if (b.isAtOrAbove(a)) {
            return a;
        }
        return ScanPosition.below(a.createdAt().isBefore(b.createdAt()) ? a.createdAt() : b.createdAt());
    }
}
