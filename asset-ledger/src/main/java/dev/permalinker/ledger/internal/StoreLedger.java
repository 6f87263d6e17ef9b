package dev.permalinker.ledger.internal;

import dev.permalinker.ledger.AssetEntry;
import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.AssetLedger;
import dev.permalinker.ledger.AssetLookup;
import dev.permalinker.ledger.CheckpointMove;
import dev.permalinker.ledger.LedgerUnavailableException;
import dev.permalinker.ledger.QueueSource;
import dev.permalinker.ledger.ScanCheckpoint;
import dev.permalinker.ledger.ScanScope;
import dev.permalinker.ledger.Settlement;
import dev.permalinker.ledger.StoredCheckpoint;
import dev.permalinker.ledger.Transition;
import dev.permalinker.model.JsonCodec;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger over any {@link LedgerStore}: reads rows into values (an expired row is absent, a damaged one
 * unreadable and logged), and changes a row by reading it, computing the next one ({@link Transitions}) and writing
 * it only if the row is still the one read, again from the read when another writer came first.
 *
 * <p>Read, decide, compare-and-set (optimistic locking) rather than one conditional update expression: the rules
 * live once, in Java, for both stores, and a refused change can say what won. It costs a strongly consistent read
 * before each write (on DynamoDB on-demand about a fifth of the write's price).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalUpdate
 */
public final class StoreLedger implements AssetLedger {
    /** A row is written by a handful of parties at most (a FIFO group serialises an asset's jobs): 5 is plenty. */
    static final int WRITE_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(StoreLedger.class);

    private final LedgerStore store;
    private final Duration retention;
    private final Clock clock;
    private final JsonCodec json;

    /** @param retention how long a row lives after its last change (its TTL) */
    public StoreLedger(LedgerStore store, Duration retention, Clock clock, JsonCodec json) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("the retention must be positive, was " + retention);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.retention = retention;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public AssetLookup find(AssetKey key) throws LedgerUnavailableException {
        return lookup(key, store.readAsset(key), now());
    }

    @Override
    public Map<AssetKey, AssetLookup> findAll(Collection<AssetKey> keys) throws LedgerUnavailableException {
        Set<AssetKey> distinct = new LinkedHashSet<>(keys);
        Map<AssetKey, RawRow> rows = distinct.isEmpty() ? Map.of() : store.readAssets(distinct);
        Instant now = now();
        Map<AssetKey, AssetLookup> answer = new LinkedHashMap<>();
        for (AssetKey key : distinct) {
            answer.put(key, lookup(key, rows.get(key), now));
        }
        return answer;
    }

    @Override
    public Transition markQueued(AssetKey key, QueueSource source) throws LedgerUnavailableException {
        Objects.requireNonNull(source, "source");
        return change(key, (current, now) -> Transitions.queue(key, current, source, now, expiry(now)));
    }

    @Override
    public Transition record(AssetKey key, Settlement outcome) throws LedgerUnavailableException {
        Objects.requireNonNull(outcome, "outcome");
        return change(key, (current, now) -> Transitions.settle(key, current, outcome, now, expiry(now)));
    }

    @Override
    public StoredCheckpoint checkpoint(ScanScope scope) throws LedgerUnavailableException {
        RawRow row = store.readCheckpoint(scope);
        if (row == null) {
            return StoredCheckpoint.none(scope);
        }
        try {
            RowCodec.check(row);
            String scan = row.field(LedgerFields.SCAN);
            String updatedAt = row.field(LedgerFields.UPDATED_AT);
            String expiresAt = row.field(LedgerFields.EXPIRES_AT);
            if (scan == null || updatedAt == null || expiresAt == null) {
                throw new IllegalArgumentException("a field is missing (scan, updatedAt, expiresAt)");
            }
            if (!Instant.ofEpochSecond(parseLong(expiresAt)).isAfter(now())) {
                return new StoredCheckpoint(scope, null, false, row.revision(), null);
            }
            return new StoredCheckpoint(scope, RowCodec.decodeScan(scan, json), false, row.revision(),
                    Instant.parse(updatedAt));
        } catch (IllegalArgumentException | DateTimeException e) {
            LOG.atWarn().addKeyValue("outcome", "ledger_unreadable").addKeyValue("apiKey", scope.apiKey())
                    .addKeyValue("branch", scope.branch()).addKeyValue("detail", e.getMessage())
                    .log("the reconciler's checkpoint cannot be read: treated as none (a full scan of the lookback)");
            return new StoredCheckpoint(scope, null, true, row.revision(), null);
        }
    }

    @Override
    public CheckpointMove moveCheckpoint(StoredCheckpoint current, ScanCheckpoint next)
            throws LedgerUnavailableException {
        Objects.requireNonNull(next, "next");
        if (current.value() != null && !current.value().allowsMoveTo(next)) {
            throw new IllegalArgumentException("a checkpoint never moves back: settled " + current.value().settled()
                    + " would become " + next.settled());
        }
        Instant now = now();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(LedgerFields.SCAN, RowCodec.encodeScan(next, json));
        fields.put(LedgerFields.UPDATED_AT, now.toString());
        fields.put(LedgerFields.EXPIRES_AT, Long.toString(expiry(now).getEpochSecond()));
        long revision = store.writeCheckpoint(current.scope(), fields, current.version());
        return revision == LedgerStore.NO_ROW ? new CheckpointMove.Conflict()
                : new CheckpointMove.Moved(new StoredCheckpoint(current.scope(), next, false, revision, now));
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "AssetLedger[" + store + ", retention " + retention + "]";
    }

    /** The next row from the current one and the time, or empty when the change is refused. */
    @FunctionalInterface
    private interface Step {
        Optional<AssetEntry> next(AssetLookup current, Instant now);
    }

    private Transition change(AssetKey key, Step step) throws LedgerUnavailableException {
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            Instant now = now();
            RawRow row = store.readAsset(key);
            AssetLookup current = lookup(key, row, now);
            Optional<AssetEntry> next = step.next(current, now);
            if (next.isEmpty()) {
                return new Transition.Refused(current);
            }
            long expected = row == null ? LedgerStore.NO_ROW : row.revision();
            if (store.writeAsset(key, RowCodec.encode(next.get()), expected) != LedgerStore.NO_ROW) {
                return new Transition.Applied(next.get());
            }
        }
        throw new LedgerUnavailableException(LedgerUnavailableException.Reason.CONTENDED, "the row of "
                + key.assetUid() + " changed under each of " + WRITE_ATTEMPTS + " attempts to write it", null);
    }

    private AssetLookup lookup(AssetKey key, RawRow row, Instant now) {
        if (row == null) {
            return AssetLookup.ABSENT;
        }
        AssetLookup lookup = RowCodec.decode(key, row);
        if (lookup instanceof AssetLookup.Unreadable unreadable) {
            LOG.atWarn().addKeyValue("outcome", "ledger_unreadable").addKeyValue("apiKey", key.apiKey())
                    .addKeyValue("branch", key.branch()).addKeyValue("assetUid", key.assetUid())
                    .addKeyValue("detail", unreadable.reason())
                    .log("an asset's ledger row cannot be read: treated as unknown, never as done");
            return lookup;
        }
        return lookup.found().orElseThrow().expiredAt(now) ? AssetLookup.ABSENT : lookup;
    }

    /** Milliseconds, as the CMA's own timestamps: a row's instants read back equal in both stores. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The TTL of a row changed at {@code now}: whole seconds, rounded up. */
    private Instant expiry(Instant now) {
        Instant at = now.plus(retention);
        return at.getNano() == 0 ? at : Instant.ofEpochSecond(at.getEpochSecond() + 1);
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expiresAt is not a whole number");
        }
    }
}
