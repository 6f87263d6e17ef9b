package dev.permalinker.ledger;

/**
 * What a change asked of the ledger did: {@link Applied} (the row now says it) or {@link Refused} (the row says
 * something that wins, e.g. a late reconciler job for a written asset; nothing was changed).
 */
public sealed interface Transition permits Transition.Applied, Transition.Refused {

    /** Whether the change was applied. */
    default boolean applied() {
        return this instanceof Applied;
    }

    /** The row as written. */
    record Applied(AssetEntry entry) implements Transition {
    }

    /** The row as it stays: a {@link AssetLookup.Found} row that wins, or an {@link AssetLookup.Unreadable} one. */
    record Refused(AssetLookup current) implements Transition {
    }
}
