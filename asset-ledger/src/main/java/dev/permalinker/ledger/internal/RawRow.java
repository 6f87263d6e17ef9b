package dev.permalinker.ledger.internal;

import java.util.Map;

/**
 * A row as a store holds it, before the ledger reads meaning into it.
 *
 * @param fields   the {@link LedgerFields} present, as text (missing ones absent)
 * @param revision the compare-and-set token the store gives back to {@link LedgerStore} writes: positive for a row,
 *                 {@link LedgerStore#UNREADABLE_REVISION} for a row whose own revision is damaged
 * @param damage   what the store itself found wrong (a field of the wrong type), or {@code null}: the row is then
 *                 unreadable whatever its fields say
 */
public record RawRow(Map<String, String> fields, long revision, String damage) {

    public RawRow {
        fields = Map.copyOf(fields);
    }

    /** A row the store found nothing wrong with. */
    public RawRow(Map<String, String> fields, long revision) {
        this(fields, revision, null);
    }

    public String field(String name) {
        return fields.get(name);
    }
}
