package dev.permalinker.ledger;

import java.time.Instant;

/**
 * A checkpoint as read from the ledger, with the token that moves it ({@link AssetLedger#moveCheckpoint}).
 *
 * @param value      the checkpoint; {@code null} when there is none, or when its row cannot be read
 * @param unreadable whether a row exists that cannot be read (logged as {@code outcome=ledger_unreadable}): the run
 *                   treats it as no checkpoint (a full scan of the lookback) and may replace it
 * @param version    the compare-and-set token: {@code 0} for no row; opaque otherwise
 * @param updatedAt  when it was last moved, or {@code null}
 */
public record StoredCheckpoint(ScanScope scope, ScanCheckpoint value, boolean unreadable, long version,
                               Instant updatedAt) {

    /** No row for {@code scope}. */
    public static StoredCheckpoint none(ScanScope scope) {
        return new StoredCheckpoint(scope, null, false, 0, null);
    }

    /** Whether there is a readable checkpoint. */
    public boolean present() {
        return value != null;
    }
}
