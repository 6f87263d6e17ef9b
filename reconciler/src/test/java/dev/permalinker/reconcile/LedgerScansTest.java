package dev.permalinker.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.cma.AdaptiveRateLimiter;
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
import dev.permalinker.ledger.local.LocalLedger;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.retry.Deadline;
import dev.permalinker.retry.Retrier;
import dev.permalinker.telemetry.PipelineMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler incremental over the asset ledger (the local runner's H2 ledger in memory, a real one) and a stack
 * paged as the CMA pages it: what each run reads, queues and leaves in the checkpoint.
 */
class LedgerScansTest {
    private static final String STACK = "bltstack";
    private static final Instant START = Instant.parse("2026-11-29T12:00:00Z");
    private static final Duration LOOKBACK = Duration.ofHours(24);
    private static final Duration GRACE = Duration.ofMinutes(15);
    private static final Duration EVERY = Duration.ofMinutes(5);

    private final ReconcilerIT.MutableClock clock = new ReconcilerIT.MutableClock(START);
    private final AssetLedger real = LocalLedger.inMemory(Duration.ofDays(14), clock, JsonCodec.create());
    private final FlakyLedger ledger = new FlakyLedger(real);
    private final FakeStack stack = new FakeStack();
    private final List<PermalinkJob> published = new ArrayList<>();
    private final ReconcilerIT.RecordingMetrics metrics = new ReconcilerIT.RecordingMetrics();
    private int maxPages = AssetScan.MAX_PAGES;

    @AfterEach
    void close() {
        real.close();
    }

    private Reconciler reconciler() {
        AssetScan scan = new AssetScan(stack, published::add, new AdaptiveRateLimiter(100_000, System::nanoTime,
                wait -> { }), clock, Duration.ofSeconds(5), new Retrier(System::nanoTime, wait -> { }, () -> 0.0),
                maxPages);
        return new Reconciler(List.of(STACK), List.of("main"), LOOKBACK, GRACE, scan, apiKey -> List.of(), metrics,
                clock).withLedger(ledger);
    }

    private ReconcileReport run() throws InterruptedException {
        return reconciler().run(Deadline.after(Duration.ofMinutes(5)));
    }

    /** {@code n} assets with their URL, the newest {@code newest} old now, one every 4 s (20,000 in 22 h). */
    private void done(String prefix, int n, Duration newest) {
        for (int i = 0; i < n; i++) {
            stack.add(prefix + i, clock.instant().minus(newest).minusSeconds(4L * i))
                    .put("permanent_url", "https://images.contentstack.io/v3/assets/bltstack/" + prefix + i + "/a.png");
        }
    }

    private AssetLookup row(String uid) throws LedgerUnavailableException {
        return real.find(new AssetKey(STACK, "main", uid));
    }

    @Test
    void run_20000AssetsAllDone_steadyStateReadsOnePageAndQueuesWhatNoWebhookBrought() throws Exception {
        done("bltold", 20_000, Duration.ofMinutes(20));
        ReconcileReport first = run();
        assertThat(first.scans().get(0).reads()).isGreaterThanOrEqualTo(200);

        for (int round = 0; round < 3; round++) {
            clock.advance(EVERY);
            done("bltnew" + round + "x", 30, GRACE.plusMinutes(1));
            stack.add("bltmissed" + round, clock.instant().minus(GRACE).minus(Duration.ofMinutes(2)));
            ReconcileReport steady = run();

            assertThat(steady.scans().get(0).reads()).as("round %d", round).isEqualTo(1);
            assertThat(steady.queued()).isEqualTo(1);
            assertThat(published).extracting(PermalinkJob::assetUid).last().isEqualTo("bltmissed" + round);
            assertThat(row("bltmissed" + round).found().orElseThrow().queuedBy()).isEqualTo(QueueSource.RECONCILER);
            // The worker writes it before the next run.
            real.record(new AssetKey(STACK, "main", "bltmissed" + round), Settlement.written("https://u/x", 1));
            stack.setUrl("bltmissed" + round, "https://u/x");
        }
        assertThat(metrics.sum(PipelineMetric.RECONCILE_RUNS, "completed")).isEqualTo(4);
    }

    @Test
    void run_deadLetteredAsset_neverQueuedAgainCountedApart() throws Exception {
        stack.add("bltpoison", START.minus(Duration.ofHours(1)));
        real.record(new AssetKey(STACK, "main", "bltpoison"), Settlement.deadLettered(FailureCode.REJECTED, 1));

        for (int i = 0; i < 5; i++) {
            ReconcileReport report = run();
            assertThat(report.queued()).isZero();
            clock.advance(Duration.ofMinutes(7));
        }
        assertThat(published).isEmpty();
        assertThat(metrics.sum(PipelineMetric.RECONCILE_DEAD_LETTERED, "null")).isEqualTo(5);
        assertThat(metrics.sum(PipelineMetric.RECONCILE_QUEUED, "null")).isZero();
    }

    @Test
    void run_assetAWebhookQueued_notMissedAndHoldsTheCheckpointUntilWritten() throws Exception {
        done("bltold", 50, Duration.ofHours(2));
        stack.add("bltinflight", START.minus(Duration.ofMinutes(30)));
        real.markQueued(new AssetKey(STACK, "main", "bltinflight"), QueueSource.WEBHOOK);

        ReconcileReport report = run();

        assertThat(report.queued()).isZero();
        assertThat(published).isEmpty();
        ScanCheckpoint checkpoint = real.checkpoint(new ScanScope(STACK, "main")).value();
        assertThat(checkpoint.settled().createdAt()).isEqualTo(START.minus(Duration.ofMinutes(30)));
    }

    @Test
    void run_ledgerUnavailable_skipsTheStackCountsItAndLosesNothing() throws Exception {
        stack.add("bltmissed", START.minus(Duration.ofHours(1)));
        ledger.failing = true;

        ReconcileReport skipped = run();

        assertThat(skipped.queued()).isZero();
        assertThat(skipped.scans()).isEmpty();
        assertThat(metrics.sum(PipelineMetric.RECONCILE_RUNS, "skipped")).isEqualTo(1);
        assertThat(metrics.sum(PipelineMetric.LEDGER_UNAVAILABLE, "reconciler")).isEqualTo(1);

        ledger.failing = false;
        clock.advance(EVERY);
        ReconcileReport next = run();

        assertThat(next.queued()).isEqualTo(1);
        assertThat(published).extracting(PermalinkJob::assetUid).containsExactly("bltmissed");
    }

    @Test
    void run_ledgerFailsMidScan_stopsTheStackKeepsTheCheckpoint() throws Exception {
        stack.add("bltmissed", START.minus(Duration.ofHours(1)));
        ledger.failFindAll = true;

        ReconcileReport report = run();

        assertThat(report.queued()).isZero();
        assertThat(real.checkpoint(new ScanScope(STACK, "main")).present()).isFalse();
        assertThat(metrics.sum(PipelineMetric.RECONCILE_RUNS, "skipped")).isEqualTo(1);
    }

    @Test
    void run_scanLongerThanThePageBound_resumesNextRunWhereItStopped() throws Exception {
        maxPages = 5;
        stack.add("bltdeep", START.minus(Duration.ofHours(20)));
        done("bltold", 1_999, Duration.ofMinutes(20));

        ReconcileReport first = run();
        assertThat(first.problems()).extracting(ScanProblem::code).containsExactly(ScanProblem.PAGE_LIMIT);
        assertThat(metrics.sum(PipelineMetric.RECONCILE_RUNS, "deferred")).isEqualTo(1);
        assertThat(real.checkpoint(new ScanScope(STACK, "main")).value().unfinished()).isNotNull();

        int runs = 1;
        while (published.isEmpty() && runs < 10) {
            clock.advance(EVERY);
            run();
            runs++;
        }
        // 2,000 assets, 5 pages a run: a scan that started again from the top every run would never reach the
        // oldest page; resumed runs jump past what the earlier ones examined and get there within six runs (each
        // spends a page on the top and one on the page the jump lands on).
        assertThat(published).extracting(PermalinkJob::assetUid).containsExactly("bltdeep");
        assertThat(runs).isLessThanOrEqualTo(6);
        assertThat(metrics.sum(PipelineMetric.RECONCILE_PROBLEMS, ScanProblem.PAGE_LIMIT)).isGreaterThan(0);
    }

    @Test
    void run_newestAssetHasAnInvalidUid_skipsItAndStillMovesTheCheckpoint() throws Exception {
        // A uid outside the safe set (a space, or longer than 64 characters) can never be a checkpoint's uid: the
        // scan skips the asset (invalid_uid) and the run must not fail on it, nor the older assets behind it.
        stack.add("blt missed", START.minus(Duration.ofMinutes(20)));
        stack.add("blt" + "x".repeat(100), START.minus(Duration.ofMinutes(25)));
        done("bltold", 3, Duration.ofHours(1));

        ReconcileReport report = run();

        assertThat(report.queued()).isZero();
        assertThat(report.skipped()).containsEntry(SkipReason.INVALID_UID, 2);
        assertThat(real.checkpoint(new ScanScope(STACK, "main")).present()).isTrue();
        assertThat(metrics.sum(PipelineMetric.RECONCILE_RUNS, "completed")).isEqualTo(1);
    }

    @Test
    void run_unfinishedScanEndsOnAnInvalidUid_keepsAnUnfinishedScan() throws Exception {
        maxPages = 1;
        done("bltold", 99, Duration.ofMinutes(20));
        stack.add("blt oldest", START.minus(Duration.ofHours(2)));
        stack.add("bltdeep", START.minus(Duration.ofHours(3)));

        ReconcileReport first = run();

        assertThat(first.problems()).extracting(ScanProblem::code).containsExactly(ScanProblem.PAGE_LIMIT);
        assertThat(real.checkpoint(new ScanScope(STACK, "main")).value().unfinished()).isNotNull();
    }

    /** A real ledger that can be made to fail every call, or only its batched reads. */
    static final class FlakyLedger implements AssetLedger {
        private final AssetLedger real;
        volatile boolean failing;
        volatile boolean failFindAll;

        FlakyLedger(AssetLedger real) {
            this.real = real;
        }

        private void check(boolean also) throws LedgerUnavailableException {
            if (failing || also) {
                throw new LedgerUnavailableException(LedgerUnavailableException.Reason.UNREACHABLE, "scripted",
                        null);
            }
        }

        @Override
        public AssetLookup find(AssetKey key) throws LedgerUnavailableException {
            check(false);
            return real.find(key);
        }

        @Override
        public Map<AssetKey, AssetLookup> findAll(Collection<AssetKey> keys) throws LedgerUnavailableException {
            check(failFindAll);
            return real.findAll(keys);
        }

        @Override
        public Transition markQueued(AssetKey key, QueueSource source) throws LedgerUnavailableException {
            check(false);
            return real.markQueued(key, source);
        }

        @Override
        public Transition record(AssetKey key, Settlement outcome) throws LedgerUnavailableException {
            check(false);
            return real.record(key, outcome);
        }

        @Override
        public StoredCheckpoint checkpoint(ScanScope scope) throws LedgerUnavailableException {
            check(false);
            return real.checkpoint(scope);
        }

        @Override
        public CheckpointMove moveCheckpoint(StoredCheckpoint current, ScanCheckpoint next)
                throws LedgerUnavailableException {
            check(false);
            return real.moveCheckpoint(current, next);
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
