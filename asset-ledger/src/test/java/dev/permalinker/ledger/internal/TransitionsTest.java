package dev.permalinker.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.ledger.AssetEntry;
import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.AssetLookup;
import dev.permalinker.ledger.AssetState;
import dev.permalinker.ledger.QueueSource;
import dev.permalinker.ledger.Settlement;
import dev.permalinker.model.FailureCode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TransitionsTest {
    private static final AssetKey KEY = new AssetKey("blt1", "main", "blt2");
    private static final String URL = "https://images.contentstack.io/v3/assets/blt1/blt2/a.png";
    private static final Instant BEFORE = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.250Z");
    private static final Instant EXPIRES = Instant.parse("2026-03-15T10:00:01Z");

    /** The package documentation's table: Y applied, N refused. */
    private static final List<String> TABLE = List.of(
            //              q-webhook q-reconciler q-redrive written already_set dead_lettered deleted
            "absent         Y Y Y Y Y Y Y",
            "queued         N N Y Y Y Y Y",
            "dead_lettered  N N Y Y Y Y Y",
            "already_set    N N N Y Y N Y",
            "written        N N N Y N N Y",
            "deleted        N N N N N N Y",
            "unreadable     N N N Y Y N Y");

    private static AssetLookup current(String name) {
        return switch (name) {
            case "absent" -> AssetLookup.ABSENT;
            case "unreadable" -> new AssetLookup.Unreadable(KEY, "unknown state 'archived'");
            default -> {
                AssetState state = AssetState.fromWire(name).orElseThrow();
                yield new AssetLookup.Found(new AssetEntry(KEY, state, QueueSource.WEBHOOK,
                        state == AssetState.DEAD_LETTERED ? FailureCode.REJECTED : null,
                        state.hasPermanentUrl() || state == AssetState.DELETED ? URL : null, 2, BEFORE, BEFORE,
                        EXPIRES));
            }
        };
    }

    private static Map<String, Function<AssetLookup, Optional<AssetEntry>>> changes() {
        Map<String, Function<AssetLookup, Optional<AssetEntry>>> changes = new LinkedHashMap<>();
        for (QueueSource source : QueueSource.values()) {
            changes.put("queue by " + source.wire(), current -> Transitions.queue(KEY, current, source, NOW, EXPIRES));
        }
        for (Settlement outcome : List.of(Settlement.written(URL, 1), Settlement.alreadySet(URL, 1),
                Settlement.deadLettered(FailureCode.UNAUTHORIZED, 1), Settlement.deleted(1))) {
            changes.put(outcome.state().wire(), current -> Transitions.settle(KEY, current, outcome, NOW, EXPIRES));
        }
        return changes;
    }

    @Test
    void everyChange_fromEveryRow_followsThePackageTable() {
        List<Map.Entry<String, Function<AssetLookup, Optional<AssetEntry>>>> changes =
                List.copyOf(changes().entrySet());
        for (String line : TABLE) {
            String[] cells = line.trim().split("\\s+");
            AssetLookup current = current(cells[0]);
            for (int column = 0; column < changes.size(); column++) {
                Optional<AssetEntry> next = changes.get(column).getValue().apply(current);
                assertThat(next.isPresent()).as("%s after %s", changes.get(column).getKey(), cells[0])
                        .isEqualTo(cells[column + 1].equals("Y"));
            }
        }
    }

    @Test
    void settle_fromARow_keepsFirstSeenAndWhoQueued_addsAttempts_andStampsTheChange() {
        AssetEntry next = Transitions.settle(KEY, current("queued"), Settlement.written(URL, 3), NOW, EXPIRES)
                .orElseThrow();

        assertThat(next).isEqualTo(new AssetEntry(KEY, AssetState.WRITTEN, QueueSource.WEBHOOK, null, URL, 5, BEFORE,
                NOW, EXPIRES));
    }

    @Test
    void settle_deadLetterAfterADeadLetter_takesTheNewCode() {
        AssetEntry next = Transitions.settle(KEY, current("dead_lettered"),
                Settlement.deadLettered(FailureCode.UNAUTHORIZED, 1), NOW, EXPIRES).orElseThrow();

        assertThat(next.failure()).isEqualTo(FailureCode.UNAUTHORIZED);
        assertThat(next.attempts()).isEqualTo(3);
    }

    @Test
    void settle_deletedAfterWritten_keepsTheUrl_andAfterADeadLetterHasNone() {
        assertThat(Transitions.settle(KEY, current("written"), Settlement.deleted(0), NOW, EXPIRES).orElseThrow()
                .permanentUrl()).isEqualTo(URL);
        assertThat(Transitions.settle(KEY, current("dead_lettered"), Settlement.deleted(0), NOW, EXPIRES)
                .orElseThrow().permanentUrl()).isNull();
    }

    @Test
    void settle_unreadableRow_startsAfresh() {
        AssetEntry next = Transitions.settle(KEY, current("unreadable"), Settlement.alreadySet(URL, 1), NOW, EXPIRES)
                .orElseThrow();

        assertThat(next).isEqualTo(new AssetEntry(KEY, AssetState.ALREADY_SET, null, null, URL, 1, NOW, NOW,
                EXPIRES));
    }

    @Test
    void queue_redriveOfADeadLetter_clearsTheCodeAndKeepsTheHistory() {
        AssetEntry next = Transitions.queue(KEY, current("dead_lettered"), QueueSource.REDRIVE, NOW, EXPIRES)
                .orElseThrow();

        assertThat(next).isEqualTo(new AssetEntry(KEY, AssetState.QUEUED, QueueSource.REDRIVE, null, null, 2, BEFORE,
                NOW, EXPIRES));
    }

    @Test
    void settle_attemptsPastTheLargestCount_stayAtIt() {
        AssetEntry many = new AssetEntry(KEY, AssetState.QUEUED, QueueSource.RECONCILER, null, null,
                Integer.MAX_VALUE - 1, BEFORE, BEFORE, EXPIRES);

        assertThat(Transitions.settle(KEY, new AssetLookup.Found(many), Settlement.written(URL, 5), NOW, EXPIRES)
                .orElseThrow().attempts()).isEqualTo(Integer.MAX_VALUE);
    }
}
