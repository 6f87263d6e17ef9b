package dev.permalinker.ledger.internal;

import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.LedgerUnavailableException;
import dev.permalinker.ledger.ScanScope;
import java.util.Collection;
import java.util.Map;

/**
 * Where rows are kept: a key-value store with compare-and-set on a row revision, and nothing more. The meaning of a
 * row (its states, what may follow what, what is damaged, what expired) is {@link StoreLedger}'s, the same for every
 * store. Reads are strongly consistent. Every failure is a {@link LedgerUnavailableException}.
 */
public interface LedgerStore extends AutoCloseable {
    /** {@code expectedRevision} of a write that creates the row. */
    long NO_ROW = 0;
    /** The revision of a row whose revision is not a number: a write may replace it, if it is still so. */
    long UNREADABLE_REVISION = -1;

    /** The asset's row, or {@code null}. */
    RawRow readAsset(AssetKey key) throws LedgerUnavailableException;

    /** The rows of distinct {@code keys}; a key without a row is left out of the answer. */
    Map<AssetKey, RawRow> readAssets(Collection<AssetKey> keys) throws LedgerUnavailableException;

    /**
     * Writes the asset's row with {@code fields} (those of {@link LedgerFields#ASSET}; others cleared), if its revision
     * is still {@code expectedRevision} ({@link #NO_ROW}: if there is none).
     *
     * @return the row's new revision, or {@link #NO_ROW} when the expected one was not there (nothing written)
     */
    long writeAsset(AssetKey key, Map<String, String> fields, long expectedRevision) throws LedgerUnavailableException;

    /** The checkpoint's row, or {@code null}. */
    RawRow readCheckpoint(ScanScope scope) throws LedgerUnavailableException;

    /** As {@link #writeAsset}, for the checkpoint ({@link LedgerFields#CHECKPOINT}). */
    long writeCheckpoint(ScanScope scope, Map<String, String> fields, long expectedRevision)
            throws LedgerUnavailableException;

    /** Closes what the store opened itself. */
    @Override
    void close();

    /** What and where, for a log line: never a credential. */
    @Override
    String toString();
}
