package dev.permalinker.ledger;

/**
 * What moving a checkpoint did: {@link Moved}, or {@link Conflict} when another run moved it since it was read (the
 * move is dropped: re-read it, never overwrite it).
 */
public sealed interface CheckpointMove permits CheckpointMove.Moved, CheckpointMove.Conflict {

    /** Whether the checkpoint moved. */
    default boolean moved() {
        return this instanceof Moved;
    }

    /** The checkpoint as stored now, with its new version. */
    record Moved(StoredCheckpoint now) implements CheckpointMove {
    }

    /** Another run moved it first (or it was removed): nothing was written. */
    record Conflict() implements CheckpointMove {
    }
}
