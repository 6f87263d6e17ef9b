package dev.permalinker.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.telemetry.LogTaps;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every ledger store must do, run against each ({@code DynamoDbLedgerIT} on moto_server, {@code LocalLedgerTest}
 * on a directory, {@code InMemoryLedgerTest}): the same answers, the same refusals, the same failure.
 */
public abstract class AssetLedgerContract {
    protected static final Duration RETENTION = Duration.ofDays(14);
    protected static final Instant START = Instant.parse("2026-03-01T10:00:00.123Z");
    protected static final JsonCodec JSON = JsonCodec.create();
    private static final String URL = "https://images.contentstack.io/v3/assets/blt1/asset1/cat.png";
    private static final AtomicInteger UIDS = new AtomicInteger();

    protected final MutableClock clock = new MutableClock(START);
    protected AssetLedger ledger;

    /** A ledger over a fresh, empty store that reads {@link #clock}. */
    protected abstract AssetLedger open(MutableClock clock, Duration retention);

    /** The rows of the store {@link #open} opened last, past the ledger. */
    protected abstract RawRows rawRows();

    /** A ledger whose store has gone away after it was opened (the server stopped, the database shut). */
    protected abstract AssetLedger openUnavailable(MutableClock clock, Duration retention);

    @BeforeEach
    void openLedger() {
        ledger = open(clock, RETENTION);
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    protected static AssetKey newKey() {
        return new AssetKey("blt0123456789abcdef", "main", "blt" + UIDS.incrementAndGet() + "asset");
    }

    protected static ScanScope newScope() {
        return new ScanScope("blt" + UIDS.incrementAndGet() + "stack", "main");
    }

    private static AssetEntry applied(Transition transition) {
        assertThat(transition).isInstanceOf(Transition.Applied.class);
        return ((Transition.Applied) transition).entry();
    }

    private AssetEntry row(AssetKey key) throws LedgerUnavailableException {
        AssetLookup lookup = ledger.find(key);
        assertThat(lookup).isInstanceOf(AssetLookup.Found.class);
        return lookup.found().orElseThrow();
    }

    // Asset rows

    @Test
    void find_neverRecorded_isAbsent() throws Exception {
        AssetLookup lookup = ledger.find(newKey());

        assertThat(lookup).isEqualTo(AssetLookup.ABSENT);
        assertThat(lookup.hasPermanentUrl()).isFalse();
    }

    @Test
    void markQueued_unknownAsset_createsAQueuedRowWithItsSource() throws Exception {
        AssetKey key = newKey();

        AssetEntry written = applied(ledger.markQueued(key, QueueSource.RECONCILER));

        AssetEntry read = row(key);
        assertThat(read).isEqualTo(written);
        assertThat(read.state()).isEqualTo(AssetState.QUEUED);
        assertThat(read.queuedBy()).isEqualTo(QueueSource.RECONCILER);
        assertThat(read.attempts()).isZero();
        assertThat(read.firstSeen()).isEqualTo(START);
        assertThat(read.lastChange()).isEqualTo(START);
        assertThat(read.permanentUrl()).isNull();
        assertThat(read.failure()).isNull();
    }

    @Test
    void markQueued_alreadyQueued_isRefusedAndKeepsTheFirstSource() throws Exception {
        AssetKey key = newKey();
        ledger.markQueued(key, QueueSource.WEBHOOK);
        clock.advance(Duration.ofMinutes(20));

        Transition again = ledger.markQueued(key, QueueSource.RECONCILER);

        assertThat(again.applied()).isFalse();
        assertThat(row(key).queuedBy()).isEqualTo(QueueSource.WEBHOOK);
        assertThat(row(key).lastChange()).isEqualTo(START);
    }

    @Test
    void record_writtenAfterQueued_keepsWhoQueuedAndFirstSeen_andAddsAttempts() throws Exception {
        AssetKey key = newKey();
        ledger.markQueued(key, QueueSource.RECONCILER);
        clock.advance(Duration.ofSeconds(3));
        ledger.record(key, Settlement.deadLettered(FailureCode.REJECTED, 2));
        ledger.markQueued(key, QueueSource.REDRIVE);
        clock.advance(Duration.ofSeconds(3));

        AssetEntry written = applied(ledger.record(key, Settlement.written(URL, 1)));

        assertThat(row(key)).isEqualTo(written);
        assertThat(written.state()).isEqualTo(AssetState.WRITTEN);
        assertThat(written.permanentUrl()).isEqualTo(URL);
        assertThat(written.queuedBy()).isEqualTo(QueueSource.REDRIVE);
        assertThat(written.attempts()).isEqualTo(3);
        assertThat(written.firstSeen()).isEqualTo(START);
        assertThat(written.lastChange()).isEqualTo(START.plusSeconds(6));
        assertThat(written.failure()).isNull();
        assertThat(ledger.find(key).hasPermanentUrl()).isTrue();
    }

    @Test
    void record_unknownAsset_createsTheRowWithNoOneAsItsQueuer() throws Exception {
        AssetKey key = newKey();

        applied(ledger.record(key, Settlement.alreadySet(URL, 1)));

        assertThat(row(key).state()).isEqualTo(AssetState.ALREADY_SET);
        assertThat(row(key).queuedBy()).isNull();
        assertThat(row(key).firstSeen()).isEqualTo(START);
    }

    @Test
    void markQueued_lateJobForASettledAsset_neverDowngradesIt() throws Exception {
        List<Settlement> settled = List.of(Settlement.written(URL, 1), Settlement.alreadySet(URL, 1),
                Settlement.deleted(1));
        for (Settlement outcome : settled) {
            for (QueueSource source : QueueSource.values()) {
                AssetKey key = newKey();
                ledger.record(key, outcome);
                AssetEntry before = row(key);

                Transition late = ledger.markQueued(key, source);

                assertThat(late).as("%s after %s", source, outcome.state())
                        .isEqualTo(new Transition.Refused(new AssetLookup.Found(before)));
                assertThat(row(key)).isEqualTo(before);
            }
        }
    }

    @Test
    void markQueued_redriveOfADeadLetteredAsset_makesItEligibleAgain() throws Exception {
        AssetKey key = newKey();
        ledger.record(key, Settlement.deadLettered(FailureCode.UNAUTHORIZED, 3));
        clock.advance(Duration.ofHours(2));

        AssetEntry queued = applied(ledger.markQueued(key, QueueSource.REDRIVE));

        assertThat(queued.state()).isEqualTo(AssetState.QUEUED);
        assertThat(queued.queuedBy()).isEqualTo(QueueSource.REDRIVE);
        assertThat(queued.failure()).isNull();
        assertThat(queued.attempts()).isEqualTo(3);
        assertThat(queued.firstSeen()).isEqualTo(START);
        assertThat(row(key)).isEqualTo(queued);
    }

    @Test
    void markQueued_reconcilerOrWebhookForADeadLetteredAsset_isRefused() throws Exception {
        AssetKey key = newKey();
        ledger.record(key, Settlement.deadLettered(FailureCode.REJECTED, 1));

        assertThat(ledger.markQueued(key, QueueSource.RECONCILER).applied()).isFalse();
        assertThat(ledger.markQueued(key, QueueSource.WEBHOOK).applied()).isFalse();
        assertThat(row(key).state()).isEqualTo(AssetState.DEAD_LETTERED);
        assertThat(row(key).failure()).isEqualTo(FailureCode.REJECTED);
    }

    @Test
    void record_twinJobsDeadLetterAfterWritten_isRefused() throws Exception {
        AssetKey key = newKey();
        ledger.record(key, Settlement.written(URL, 1));

        Transition twin = ledger.record(key, Settlement.deadLettered(FailureCode.REJECTED, 1));

        assertThat(twin.applied()).isFalse();
        assertThat(row(key).state()).isEqualTo(AssetState.WRITTEN);
        assertThat(row(key).attempts()).isEqualTo(1);
    }

    @Test
    void record_alreadySetAfterWritten_staysWritten_andWrittenAfterAlreadySetWins() throws Exception {
        AssetKey first = newKey();
        ledger.record(first, Settlement.written(URL, 1));
        AssetKey second = newKey();
        ledger.record(second, Settlement.alreadySet(URL, 1));

        Transition twin = ledger.record(first, Settlement.alreadySet(URL, 1));
        Transition late = ledger.record(second, Settlement.written(URL, 1));

        assertThat(twin.applied()).isFalse();
        assertThat(row(first).state()).isEqualTo(AssetState.WRITTEN);
        assertThat(late.applied()).isTrue();
        assertThat(row(second).state()).isEqualTo(AssetState.WRITTEN);
        assertThat(row(second).attempts()).isEqualTo(2);
    }

    @Test
    void record_deletedAfterWritten_keepsTheUrl_andNothingFollowsDeleted() throws Exception {
        AssetKey key = newKey();
        ledger.record(key, Settlement.written(URL, 1));

        AssetEntry deleted = applied(ledger.record(key, Settlement.deleted(1)));

        assertThat(deleted.state()).isEqualTo(AssetState.DELETED);
        assertThat(deleted.permanentUrl()).isEqualTo(URL);
        assertThat(ledger.find(key).hasPermanentUrl()).isFalse();
        assertThat(ledger.record(key, Settlement.written(URL, 1)).applied()).isFalse();
        assertThat(ledger.record(key, Settlement.alreadySet(URL, 1)).applied()).isFalse();
        assertThat(ledger.record(key, Settlement.deadLettered(FailureCode.ASSET_DELETED, 1)).applied()).isFalse();
        assertThat(ledger.markQueued(key, QueueSource.REDRIVE).applied()).isFalse();
        assertThat(row(key).state()).isEqualTo(AssetState.DELETED);
    }

    @Test
    void record_anyChange_writesTheExpiryAsAnEpochSecondsNumber() throws Exception {
        AssetKey key = newKey();
        ledger.markQueued(key, QueueSource.WEBHOOK);
        clock.advance(Duration.ofMinutes(7));

        ledger.record(key, Settlement.written(URL, 1));

        long expected = START.plus(Duration.ofMinutes(7)).plus(RETENTION).getEpochSecond() + 1;
        Map<String, Object> raw = rawRows().readAsset(key);
        assertThat(raw.get("expiresAt")).isEqualTo(expected);
        assertThat(raw.get("state")).isEqualTo("written");
        assertThat(raw.get("queuedBy")).isEqualTo("webhook");
        assertThat(raw.get("attempts")).isEqualTo(1L);
        assertThat(row(key).expiresAt()).isEqualTo(Instant.ofEpochSecond(expected));
    }

    @Test
    void find_rowPastItsExpiry_isAbsent_andAChangeStartsItAfresh() throws Exception {
        AssetKey key = newKey();
        ledger.record(key, Settlement.deadLettered(FailureCode.REJECTED, 4));
        clock.advance(RETENTION.plusSeconds(1));

        assertThat(ledger.find(key)).isEqualTo(AssetLookup.ABSENT);
        assertThat(ledger.findAll(List.of(key))).containsEntry(key, AssetLookup.ABSENT);
        AssetEntry queued = applied(ledger.markQueued(key, QueueSource.RECONCILER));
        assertThat(queued.attempts()).isZero();
        assertThat(queued.firstSeen()).isEqualTo(clock.instant());
        assertThat(row(key)).isEqualTo(queued);
    }

    @Test
    void findAll_pagesOfKeys_answersEveryKeyOnce() throws Exception {
        List<AssetKey> keys = new ArrayList<>();
        Map<AssetKey, AssetState> expected = new HashMap<>();
        for (int i = 0; i < 230; i++) {
            AssetKey key = newKey();
            keys.add(key);
            if (i % 3 == 0) {
                ledger.record(key, Settlement.written(URL, 1));
                expected.put(key, AssetState.WRITTEN);
            } else if (i % 3 == 1) {
                ledger.markQueued(key, QueueSource.WEBHOOK);
                expected.put(key, AssetState.QUEUED);
            }
        }
        AssetKey damaged = newKey();
        rawRows().writeAsset(damaged, damagedRow("frozen"));
        List<AssetKey> asked = new ArrayList<>(keys);
        asked.add(damaged);
        asked.add(keys.get(0));

        Map<AssetKey, AssetLookup> answer = ledger.findAll(asked);

        assertThat(answer).hasSize(231);
        for (AssetKey key : keys) {
            AssetState state = expected.get(key);
            if (state == null) {
                assertThat(answer.get(key)).isEqualTo(AssetLookup.ABSENT);
            } else {
                assertThat(answer.get(key).found().orElseThrow().state()).isEqualTo(state);
            }
        }
        assertThat(answer.get(damaged)).isInstanceOf(AssetLookup.Unreadable.class);
        assertThat(ledger.findAll(List.of())).isEmpty();
    }

    /** A row whose fields are all well formed but its state. */
    protected static Map<String, Object> damagedRow(String state) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("state", state);
        fields.put("permanentUrl", URL);
        fields.put("attempts", 1L);
        fields.put("firstSeen", START.toString());
        fields.put("lastChange", START.toString());
        fields.put("expiresAt", START.plus(RETENTION).getEpochSecond());
        fields.put("rev", 1L);
        return fields;
    }

    @Test
    void find_damagedRows_areUnreadable_loggedAndNeverDone() throws Exception {
        Map<String, Map<String, Object>> damages = new LinkedHashMap<>();
        damages.put("unknown state", damagedRow("frozen"));
        Map<String, Object> noUrl = damagedRow("written");
        noUrl.remove("permanentUrl");
        damages.put("written without its URL", noUrl);
        Map<String, Object> noState = damagedRow("written");
        noState.remove("state");
        damages.put("no state", noState);
        Map<String, Object> unknownCode = damagedRow("dead_lettered");
        unknownCode.remove("permanentUrl");
        unknownCode.put("failureCode", "melted");
        damages.put("unknown failure code", unknownCode);
        Map<String, Object> unknownSource = damagedRow("already_set");
        unknownSource.put("queuedBy", "carrier_pigeon");
        damages.put("unknown source", unknownSource);
        Map<String, Object> negative = damagedRow("written");
        negative.put("attempts", -3L);
        damages.put("negative attempts", negative);
        Map<String, Object> badInstant = damagedRow("written");
        badInstant.put("firstSeen", "yesterday");
        damages.put("a date that is not one", badInstant);
        List<String> logged = new CopyOnWriteArrayList<>();
        LogTaps taps = LogTaps.ofProcess().orElseThrow(() -> new AssertionError("telemetry's SLF4J binding"));

        try (AutoCloseable tap = taps.attach((line, level) -> logged.add(new String(line, StandardCharsets.UTF_8)))) {
            for (Map.Entry<String, Map<String, Object>> damage : damages.entrySet()) {
                AssetKey key = newKey();
                rawRows().writeAsset(key, damage.getValue());

                AssetLookup lookup = ledger.find(key);

                assertThat(lookup).as(damage.getKey()).isInstanceOf(AssetLookup.Unreadable.class);
                assertThat(lookup.hasPermanentUrl()).as(damage.getKey()).isFalse();
                assertThat(logged).as(damage.getKey()).anySatisfy(line -> assertThat(line)
                        .contains("\"outcome\":\"ledger_unreadable\"").contains(key.assetUid()));
            }
        }
    }

    @Test
    void markQueued_onAnUnreadableRow_isRefused_andAnOutcomeWithTheUrlReplacesIt() throws Exception {
        AssetKey key = newKey();
        rawRows().writeAsset(key, damagedRow("archived"));

        Transition queued = ledger.markQueued(key, QueueSource.RECONCILER);
        Transition deadLetter = ledger.record(key, Settlement.deadLettered(FailureCode.REJECTED, 1));
        Transition written = ledger.record(key, Settlement.written(URL, 1));

        assertThat(queued).isInstanceOf(Transition.Refused.class);
        assertThat(((Transition.Refused) queued).current()).isInstanceOf(AssetLookup.Unreadable.class);
        assertThat(deadLetter.applied()).isFalse();
        assertThat(written.applied()).isTrue();
        assertThat(row(key).state()).isEqualTo(AssetState.WRITTEN);
        assertThat(row(key).attempts()).isEqualTo(1);
    }

    @Test
    void record_concurrentWritersOnOneAsset_loseNoAppliedChange() throws Exception {
        AssetKey key = newKey();
        ledger.markQueued(key, QueueSource.RECONCILER);
        int writers = 4;
        int rounds = 5;
        AtomicInteger appliedAttempts = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        try {
                            if (ledger.record(key, Settlement.written(URL, 1)).applied()) {
                                appliedAttempts.incrementAndGet();
                            }
                        } catch (LedgerUnavailableException e) {
                            assertThat(e.reason()).isEqualTo(LedgerUnavailableException.Reason.CONTENDED);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(appliedAttempts.get()).isPositive();
        assertThat(row(key).attempts()).isEqualTo(appliedAttempts.get());
        assertThat(row(key).queuedBy()).isEqualTo(QueueSource.RECONCILER);
    }

    // Checkpoints

    private static ScanCheckpoint checkpoint(Instant settledAt, String... uids) {
        return new ScanCheckpoint(ScanPosition.at(settledAt, Set.of(uids)), null, null);
    }

    @Test
    void checkpoint_neverMoved_isNoneAtVersionZero() throws Exception {
        ScanScope scope = newScope();

        StoredCheckpoint none = ledger.checkpoint(scope);

        assertThat(none).isEqualTo(StoredCheckpoint.none(scope));
        assertThat(none.present()).isFalse();
    }

    @Test
    void moveCheckpoint_fromNone_storesEveryField_andReadsItBack() throws Exception {
        ScanScope scope = newScope();
        Instant settled = Instant.parse("2026-03-01T08:00:00.456Z");
        ScanCheckpoint next = new ScanCheckpoint(ScanPosition.at(settled, Set.of("bltb", "blta")),
                new UnfinishedScan(ScanPosition.at(settled.plusSeconds(3600), Set.of("bltz")),
                        ScanPosition.below(settled.plusSeconds(600)), ScanPosition.below(settled.plusSeconds(900)),
                        true),
                Instant.parse("2026-02-28T10:00:00Z"));

        CheckpointMove move = ledger.moveCheckpoint(ledger.checkpoint(scope), next);

        assertThat(move.moved()).isTrue();
        StoredCheckpoint read = ledger.checkpoint(scope);
        assertThat(read.value()).isEqualTo(next);
        assertThat(read.unreadable()).isFalse();
        assertThat(read.version()).isPositive();
        assertThat(read.updatedAt()).isEqualTo(START);
        assertThat(((CheckpointMove.Moved) move).now()).isEqualTo(read);
    }

    @Test
    void moveCheckpoint_fromAStaleRead_conflicts_andKeepsTheWinner() throws Exception {
        ScanScope scope = newScope();
        StoredCheckpoint first = ledger.checkpoint(scope);
        ledger.moveCheckpoint(first, checkpoint(START.minusSeconds(600), "blta"));
        StoredCheckpoint second = ledger.checkpoint(scope);
        ledger.moveCheckpoint(second, checkpoint(START.minusSeconds(300)));

        CheckpointMove stale = ledger.moveCheckpoint(second, checkpoint(START.minusSeconds(100)));
        CheckpointMove staler = ledger.moveCheckpoint(first, checkpoint(START.minusSeconds(100)));

        assertThat(stale).isInstanceOf(CheckpointMove.Conflict.class);
        assertThat(staler).isInstanceOf(CheckpointMove.Conflict.class);
        assertThat(ledger.checkpoint(scope).value()).isEqualTo(checkpoint(START.minusSeconds(300)));
    }

    @Test
    void moveCheckpoint_concurrentRuns_exactlyOneMovesIt() throws Exception {
        ScanScope scope = newScope();
        ledger.moveCheckpoint(ledger.checkpoint(scope), checkpoint(START.minusSeconds(3600)));
        StoredCheckpoint read = ledger.checkpoint(scope);
        int runs = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        List<Future<CheckpointMove>> moves = new ArrayList<>();
        try {
            for (int run = 0; run < runs; run++) {
                ScanCheckpoint next = checkpoint(START.minusSeconds(60 * run));
                moves.add(pool.submit(() -> {
                    start.await();
                    return ledger.moveCheckpoint(read, next);
                }));
            }
            start.countDown();
            List<CheckpointMove> results = new ArrayList<>();
            for (Future<CheckpointMove> move : moves) {
                results.add(move.get(60, TimeUnit.SECONDS));
            }

            assertThat(results).filteredOn(CheckpointMove::moved).hasSize(1);
            CheckpointMove.Moved winner = (CheckpointMove.Moved) results.stream().filter(CheckpointMove::moved)
                    .findFirst().orElseThrow();
            assertThat(ledger.checkpoint(scope)).isEqualTo(winner.now());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void moveCheckpoint_backwards_isRejected_andNothingMoves() throws Exception {
        ScanScope scope = newScope();
        ledger.moveCheckpoint(ledger.checkpoint(scope), checkpoint(START.minusSeconds(60), "blta", "bltb"));
        StoredCheckpoint read = ledger.checkpoint(scope);

        assertThatThrownBy(() -> ledger.moveCheckpoint(read, checkpoint(START.minusSeconds(61))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never moves back");
        assertThatThrownBy(() -> ledger.moveCheckpoint(read, checkpoint(START.minusSeconds(60), "blta")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.moveCheckpoint(read, new ScanCheckpoint(null, null, START)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.checkpoint(scope)).isEqualTo(read);
        assertThat(ledger.moveCheckpoint(read, checkpoint(START.minusSeconds(60), "blta", "bltb", "bltc")).moved())
                .isTrue();
    }

    @Test
    void moveCheckpoint_writesTheExpiryAsAnEpochSecondsNumber() throws Exception {
        ScanScope scope = newScope();

        ledger.moveCheckpoint(ledger.checkpoint(scope), checkpoint(START.minusSeconds(60)));

        assertThat(rawRows().readCheckpoint(scope).get("expiresAt"))
                .isEqualTo(START.plus(RETENTION).getEpochSecond() + 1);
        clock.advance(RETENTION.plusSeconds(2));
        StoredCheckpoint expired = ledger.checkpoint(scope);
        assertThat(expired.present()).isFalse();
        assertThat(expired.unreadable()).isFalse();
        assertThat(ledger.moveCheckpoint(expired, checkpoint(START)).moved()).isTrue();
    }

    @Test
    void checkpoint_damagedRow_isUnreadable_andAMoveReplacesIt() throws Exception {
        List<String> damages = List.of("{not json", "{\"v\":2,\"settled\":null}", "[]",
                "{\"v\":1,\"settled\":{\"at\":\"soon\",\"uids\":[]},\"unfinished\":null,\"fullPassAt\":null}");
        for (String damage : damages) {
            ScanScope scope = newScope();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("scan", damage);
            fields.put("updatedAt", START.toString());
            fields.put("expiresAt", START.plus(RETENTION).getEpochSecond());
            fields.put("rev", 7L);
            rawRows().writeCheckpoint(scope, fields);

            StoredCheckpoint read = ledger.checkpoint(scope);

            assertThat(read.present()).as(damage).isFalse();
            assertThat(read.unreadable()).as(damage).isTrue();
            assertThat(read.version()).as(damage).isNotZero();
            assertThat(ledger.moveCheckpoint(read, checkpoint(START)).moved()).as(damage).isTrue();
            assertThat(ledger.checkpoint(scope).value()).as(damage).isEqualTo(checkpoint(START));
        }
    }

    // Failure and description

    @Test
    void unavailableStore_everyOperation_throwsLedgerUnavailable() {
        AssetLedger down = openUnavailable(clock, RETENTION);
        try {
            AssetKey key = newKey();
            ScanScope scope = newScope();
            List<ThrowingCall> calls = List.of(() -> down.find(key), () -> down.findAll(List.of(key, newKey())),
                    () -> down.markQueued(key, QueueSource.WEBHOOK),
                    () -> down.record(key, Settlement.written(URL, 1)), () -> down.checkpoint(scope),
                    () -> down.moveCheckpoint(StoredCheckpoint.none(scope), checkpoint(START)));
            for (ThrowingCall call : calls) {
                assertThatThrownBy(call::call).isInstanceOfSatisfying(LedgerUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(LedgerUnavailableException.Reason.UNREACHABLE));
            }
        } finally {
            down.close();
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {
        Object call() throws Exception;
    }

    @Test
    void toString_namesTheStoreAndRetention() {
        assertThat(ledger.toString()).startsWith("AssetLedger[").contains(RETENTION.toString())
                .doesNotContain("password").doesNotContain("secret");
    }
}
