package dev.permalinker.ledger;

import dev.permalinker.model.FailureCode;
import java.util.Objects;

/**
 * An outcome the worker records for an asset ({@link AssetLedger#record}): one of the settled states with what it
 * needs. Build it with the factories.
 *
 * @param attempts the CMA calls this outcome took (added to the row's count)
 */
public record Settlement(AssetState state, String permanentUrl, FailureCode failure, int attempts) {

    public Settlement {
        Objects.requireNonNull(state, "state");
        if (state == AssetState.QUEUED) {
            throw new IllegalArgumentException("queueing is not an outcome: use AssetLedger.markQueued");
        }
        if (state.hasPermanentUrl() && (permanentUrl == null || permanentUrl.isBlank())) {
            throw new IllegalArgumentException("a " + state.wire() + " outcome carries the permanent URL");
        }
        if (!state.hasPermanentUrl() && permanentUrl != null) {
            throw new IllegalArgumentException("a " + state.wire() + " outcome carries no permanent URL");
        }
        if (state == AssetState.DEAD_LETTERED ? failure == null : failure != null) {
            throw new IllegalArgumentException("a failure code goes with a dead letter, and only with it");
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts cannot be negative, was " + attempts);
        }
    }

    /** This pipeline set the URL. */
    public static Settlement written(String permanentUrl, int attempts) {
        return new Settlement(AssetState.WRITTEN, permanentUrl, null, attempts);
    }

    /** The URL was there already. */
    public static Settlement alreadySet(String permanentUrl, int attempts) {
        return new Settlement(AssetState.ALREADY_SET, permanentUrl, null, attempts);
    }

    /** The job went to the DLQ with {@code failure}. */
    public static Settlement deadLettered(FailureCode failure, int attempts) {
        return new Settlement(AssetState.DEAD_LETTERED, null, failure, attempts);
    }

    /** The CMA says the asset does not exist (the worker's {@code asset_deleted}). */
    public static Settlement deleted(int attempts) {
        return new Settlement(AssetState.DELETED, null, null, attempts);
    }
}
