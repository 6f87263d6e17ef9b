package dev.permalinker.ledger;

import java.util.Collection;
import java.util.Map;

/**
 * The pipeline's memory: one row per asset (what became of it) and one checkpoint per stack and branch (how far the
 * reconciler got). Every read is strongly consistent; every change is conditional on the row it was computed from,
 * so concurrent writers never lose each other's change and a late one never undoes a later fact (the rules, and how
 * the worker, the reconciler, {@code trace} and {@code dlq redrive} call it, are in the package documentation).
 *
 * <p>Every operation either answers or throws {@link LedgerUnavailableException}: callers fall back to the path they
 * had before the ledger. Implementations are thread-safe. Built by {@code DynamoDbLedger.create} (AWS) or
 * {@code LocalLedger.open}/{@code inMemory} (the local runner).
 */
public interface AssetLedger extends AutoCloseable {

    /** The asset's row; {@link AssetLookup.Absent} when there is none or it expired. One read. */
    AssetLookup find(AssetKey key) throws LedgerUnavailableException;

    /**
     * The rows of many assets at once (the reconciler's page of 100): every key of {@code keys} is in the answer.
     * One batched read per 100 keys on DynamoDB.
     */
    Map<AssetKey, AssetLookup> findAll(Collection<AssetKey> keys) throws LedgerUnavailableException;

    /**
     * Records that a job for the asset is on its way. Applied when the ledger has no row, or (for
     * {@link QueueSource#REDRIVE} only) when the asset is {@code dead_lettered} or still {@code queued}; refused
     * otherwise, so a late reconciler job never downgrades a settled asset and the first source is kept.
     */
    Transition markQueued(AssetKey key, QueueSource source) throws LedgerUnavailableException;

    /**
     * Records what the worker's job ended with. A fact that wins is never overwritten: {@code written} stays
     * {@code written} (an {@code already_set} or a dead letter of a twin job is refused), {@code deleted} stays
     * {@code deleted}; the attempts are added to the row's.
     */
    Transition record(AssetKey key, Settlement outcome) throws LedgerUnavailableException;

    /** The reconciler's checkpoint for a stack and branch (with the version that moves it). One read. */
    StoredCheckpoint checkpoint(ScanScope scope) throws LedgerUnavailableException;

    /**
     * Moves the checkpoint from {@code current} (as read) to {@code next}, only if no one moved it since: a
     * {@link CheckpointMove.Conflict} otherwise. Never backwards: a {@code next} whose {@code settled} cut lies below
     * the current one's is a programming error ({@link IllegalArgumentException}).
     */
    CheckpointMove moveCheckpoint(StoredCheckpoint current, ScanCheckpoint next) throws LedgerUnavailableException;

    /** Releases the store (the local database); a DynamoDB client passed in is its owner's to close. */
    @Override
    void close();
}
