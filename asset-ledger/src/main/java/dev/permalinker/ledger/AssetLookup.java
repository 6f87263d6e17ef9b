package dev.permalinker.ledger;

import java.util.Optional;

/**
 * What the ledger knows of one asset: a row ({@link Found}), nothing ({@link Absent}: never heard of, or expired), or
 * a row it cannot read ({@link Unreadable}: damaged, or written by a newer version). Only a {@link Found} row whose
 * state {@linkplain AssetState#hasPermanentUrl() has the URL} may be treated as done; an unreadable row never is.
 */
public sealed interface AssetLookup permits AssetLookup.Found, AssetLookup.Absent, AssetLookup.Unreadable {

    /** The one {@link Absent} value. */
    AssetLookup ABSENT = new Absent();

    /** Whether the ledger says the asset has its permanent URL. */
    default boolean hasPermanentUrl() {
        return this instanceof Found found && found.entry().state().hasPermanentUrl();
    }

    /** The row, when there is a readable one. */
    default Optional<AssetEntry> found() {
        return this instanceof Found found ? Optional.of(found.entry()) : Optional.empty();
    }

    /** The asset's row. */
    record Found(AssetEntry entry) implements AssetLookup {
    }

    /** No row: the ledger never heard of the asset, or its row expired. */
    record Absent() implements AssetLookup {
    }

    /**
     * A row that exists but cannot be read; it has been logged ({@code outcome=ledger_unreadable}).
     *
     * @param reason what is wrong with it, for a log line (never a secret: rows hold none)
     */
    record Unreadable(AssetKey key, String reason) implements AssetLookup {
    }
}
