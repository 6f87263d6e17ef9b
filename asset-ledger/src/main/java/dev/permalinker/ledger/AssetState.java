package dev.permalinker.ledger;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an asset stands. The allowed moves between states are the ledger's rules (see the package documentation);
 * the stable wire value is kept in the row ({@code state}).
 */
public enum AssetState {
    /** A job for it is on its way (by a {@link QueueSource}); not settled. */
    QUEUED,
    /** The worker set its permanent URL: this pipeline wrote it. */
    WRITTEN,
    /** The worker found its permanent URL already there (a twin job, an earlier attempt, someone else). */
    ALREADY_SET,
    /** The worker dead-lettered its job with a failure code: the DLQ's and the operator's until a redrive. */
    DEAD_LETTERED,
    /** The CMA says the asset does not exist any more: nothing will ever be written. */
    DELETED;

    /** The stable name in rows and log lines, e.g. {@code already_set}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state a wire value names; empty for anything else (a row written by a newer version, or damaged). */
    public static Optional<AssetState> fromWire(String wire) {
        for (AssetState state : values()) {
            if (state.wire().equals(wire)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /** Whether the asset has its permanent URL: the only states a caller may treat as done. */
    public boolean hasPermanentUrl() {
        return this == WRITTEN || this == ALREADY_SET;
    }

    /**
     * Whether nothing more is expected of the pipeline for it: everything but {@link #QUEUED}. A dead-lettered asset
     * is settled for the reconciler (it waits for its operator, it is not missed); a redrive unsettles it.
     */
    public boolean settled() {
        return this != QUEUED;
    }
}
