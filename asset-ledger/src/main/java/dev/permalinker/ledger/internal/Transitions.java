package dev.permalinker.ledger.internal;

import dev.permalinker.ledger.AssetEntry;
import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.AssetLookup;
import dev.permalinker.ledger.AssetState;
import dev.permalinker.ledger.QueueSource;
import dev.permalinker.ledger.Settlement;
import java.time.Instant;
import java.util.Optional;

/**
 * The ledger's state machine: the row a change leads to from the row there is, or nothing when the change must not
 * be applied. Pure; the same for every store. The table is in the package documentation of
 * {@code dev.permalinker.ledger}.
 *
 * <p>The order it keeps: {@code queued} (intent) is below every outcome; among outcomes a dead letter is below the
 * URL being there, {@code already_set} below {@code written} (the richer fact: this pipeline wrote it), and
 * {@code deleted} ends everything. A change never moves a row down that order, with one exception: a redrive moves
 * a dead-lettered asset back to {@code queued}, because the operator asked for another try. An unreadable row
 * (damaged, or from a newer version) may be replaced only by a fact that settles whatever it said: the URL is there,
 * or the asset is gone.
 */
final class Transitions {

    private Transitions() {
    }

    /** The row {@code markQueued} leads to, or empty when it is refused. */
    static Optional<AssetEntry> queue(AssetKey key, AssetLookup current, QueueSource source, Instant now,
                                      Instant expiresAt) {
        if (current instanceof AssetLookup.Absent) {
            return Optional.of(new AssetEntry(key, AssetState.QUEUED, source, null, null, 0, now, now, expiresAt));
        }
        if (current instanceof AssetLookup.Found found && source == QueueSource.REDRIVE
                && (found.entry().state() == AssetState.QUEUED || found.entry().state() == AssetState.DEAD_LETTERED)) {
            AssetEntry was = found.entry();
            return Optional.of(new AssetEntry(key, AssetState.QUEUED, source, null, null, was.attempts(),
                    was.firstSeen(), now, expiresAt));
        }
        return Optional.empty();
    }

    /** The row {@code record} leads to, or empty when the row there wins. */
    static Optional<AssetEntry> settle(AssetKey key, AssetLookup current, Settlement outcome, Instant now,
                                       Instant expiresAt) {
        if (!allowed(current, outcome.state())) {
            return Optional.empty();
        }
        AssetEntry was = current instanceof AssetLookup.Found found ? found.entry() : null;
        String url = outcome.state().hasPermanentUrl() ? outcome.permanentUrl()
                : outcome.state() == AssetState.DELETED && was != null ? was.permanentUrl() : null;
        int attempts = (int) Math.min(Integer.MAX_VALUE, (was == null ? 0L : was.attempts()) + outcome.attempts());
        return Optional.of(new AssetEntry(key, outcome.state(), was == null ? null : was.queuedBy(),
                outcome.failure(), url, attempts, was == null ? now : was.firstSeen(), now, expiresAt));
    }

    /** Whether an outcome may follow what the ledger has. */
    static boolean allowed(AssetLookup current, AssetState outcome) {
        if (current instanceof AssetLookup.Absent) {
            return true;
        }
        if (current instanceof AssetLookup.Unreadable) {
            return outcome.hasPermanentUrl() || outcome == AssetState.DELETED;
        }
        AssetState was = ((AssetLookup.Found) current).entry().state();
        return switch (outcome) {
            case DELETED -> true;
            case WRITTEN -> was != AssetState.DELETED;
            case ALREADY_SET -> was != AssetState.WRITTEN && was != AssetState.DELETED;
            case DEAD_LETTERED -> was == AssetState.QUEUED || was == AssetState.DEAD_LETTERED;
            case QUEUED -> throw new IllegalArgumentException("queueing is not an outcome");
        };
    }
}
