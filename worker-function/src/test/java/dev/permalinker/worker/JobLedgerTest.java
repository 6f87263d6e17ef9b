package dev.permalinker.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.cma.AdaptiveRateLimiter;
import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.AssetLedger;
import dev.permalinker.ledger.AssetLookup;
import dev.permalinker.ledger.AssetState;
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
import dev.permalinker.model.Region;
import dev.permalinker.retry.Backoff;
import dev.permalinker.retry.Deadline;
import dev.permalinker.telemetry.Metrics;
import dev.permalinker.telemetry.PipelineMetric;
import dev.permalinker.worker.JobOutcome.Done;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker with the asset ledger (the local runner's H2 ledger in memory, a real one): a job that may have a twin
 * asks the ledger, not the CMA; every outcome is recorded; a ledger that fails or holds a row it cannot read sends
 * the job down the read-first path, never to "done".
 */
class JobLedgerTest {
    /** The {@code triggeredAt} of {@link Jobs#job}. */
    private static final Instant JOB_TIME = Instant.parse("2026-11-20T09:14:07.502Z");
    /** Twenty minutes after the job's event: past SQS's deduplication window. */
    private static final Clock LATE = Clock.fixed(JOB_TIME.plus(Duration.ofMinutes(20)), ZoneOffset.UTC);
    private static final JsonCodec JSON = JsonCodec.create();

    private final ScriptedCma cma = new ScriptedCma();
    private final AssetLedger ledger = LocalLedger.inMemory(Duration.ofDays(14), LATE, JSON);
    private final FailingLedger failing = new FailingLedger(ledger);
    private final List<String> counted = new ArrayList<>();
    private final Metrics metrics = new Metrics() {
        @Override
        public void record(PipelineMetric metric, String dimensionValue, double value) {
            counted.add(metric.metricName() + ":" + dimensionValue);
        }

        @Override
        public void flush() {
        }
    };
    private final JobLedger jobLedger = new JobLedger(failing, metrics);

    @AfterEach
    void close() {
        ledger.close();
    }

    private PermalinkService service() {
        AdaptiveRateLimiter writes = new AdaptiveRateLimiter(1000, System::nanoTime, wait -> { });
        AdaptiveRateLimiter reads = new AdaptiveRateLimiter(1000, System::nanoTime, wait -> { });
        return new PermalinkService(cma, new CmaPacing(writes, reads), Region.NA, null,
                new Backoff(2, Duration.ofMillis(1), Duration.ofMillis(2)), Duration.ofSeconds(1), wait -> { },
                new Random(7), LATE, jobLedger);
    }

    private BatchProcessor processor() {
        return new BatchProcessor(service(), (message, code, detail, attempts) -> { }, JSON, 1, Metrics.NONE, LATE,
                jobLedger);
    }

    private static QueueMessage message(String uid, int receiveCount) {
        return new QueueMessage("m-" + uid, JSON.write(Jobs.job(uid)), uid, receiveCount);
    }

    private AssetLookup row(String uid) throws LedgerUnavailableException {
        return ledger.find(AssetKey.of(Jobs.job(uid)));
    }

    @Test
    void process_lateJobTheLedgerHasWritten_alreadySetWithoutACmaCall() throws Exception {
        ledger.record(AssetKey.of(Jobs.job("blt1")), Settlement.written("https://example.test/url", 1));

        JobOutcome outcome = service().process(Jobs.job("blt1"), 1, Deadline.after(Duration.ofMinutes(1)));

        assertThat(outcome).isEqualTo(new Done("https://example.test/url", false, 0));
        assertThat(cma.calls).isEmpty();
    }

    @Test
    void process_lateJobNobodyRecorded_oneWriteAndNoRead() throws Exception {
        processor().process(List.of(message("blt1", 1)), Deadline.after(Duration.ofMinutes(1)));

        assertThat(cma.calls).hasSize(1).allMatch(call -> call.startsWith("PUT blt1 "));
        assertThat(row("blt1").found().orElseThrow().state()).isEqualTo(AssetState.WRITTEN);
        assertThat(row("blt1").found().orElseThrow().permanentUrl()).isNotBlank();
    }

    @Test
    void process_lateJobQueuedByTheReconciler_oneWriteAndNoRead() throws Exception {
        ledger.markQueued(AssetKey.of(Jobs.job("blt1")), QueueSource.RECONCILER);

        processor().process(List.of(message("blt1", 1)), Deadline.after(Duration.ofMinutes(1)));

        assertThat(cma.calls).hasSize(1).allMatch(call -> call.startsWith("PUT blt1 "));
        assertThat(row("blt1").found().orElseThrow().queuedBy()).isEqualTo(QueueSource.RECONCILER);
    }

    @Test
    void process_redeliveryNobodyRecorded_readsFirst() {
        cma.get(200, "{\"asset\":{\"uid\":\"blt1\",\"url\":\"https://x/y.png\"}}");
        processor().process(List.of(message("blt1", 2)), Deadline.after(Duration.ofMinutes(1)));

        assertThat(cma.calls).first().isEqualTo("GET blt1");
        assertThat(cma.calls).hasSize(2);
    }

    @Test
    void process_lateJobOfADeadLetteredAsset_readsFirst() throws Exception {
        ledger.record(AssetKey.of(Jobs.job("blt1")), Settlement.deadLettered(FailureCode.REJECTED, 1));
        cma.get(200, "{\"asset\":{\"uid\":\"blt1\",\"url\":\"https://x/y.png\"}}");

        processor().process(List.of(message("blt1", 1)), Deadline.after(Duration.ofMinutes(1)));

        assertThat(cma.calls).first().isEqualTo("GET blt1");
        assertThat(row("blt1").found().orElseThrow().state()).isEqualTo(AssetState.WRITTEN);
    }

    @Test
    void process_ledgerUnavailable_readsFirstCountsItAndTheJobStillSucceeds() {
        cma.get(200, "{\"asset\":{\"uid\":\"blt1\",\"url\":\"https://x/y.png\"}}");
        failing.failing = true;

        List<String> failed = processor().process(List.of(message("blt1", 1)), Deadline.after(Duration.ofMinutes(1)));

        assertThat(failed).isEmpty();
        assertThat(cma.calls).first().isEqualTo("GET blt1");
        assertThat(cma.calls).hasSize(2);
        assertThat(counted).contains("LedgerUnavailable:worker").hasSize(2);
    }

    @Test
    void process_unreadableRow_treatedAsUnknownNeverAsDone() {
        cma.get(200, "{\"asset\":{\"uid\":\"blt1\",\"url\":\"https://x/y.png\"}}");
        failing.unreadable = true;

        processor().process(List.of(message("blt1", 1)), Deadline.after(Duration.ofMinutes(1)));

        assertThat(cma.calls).first().isEqualTo("GET blt1");
        assertThat(cma.calls).anyMatch(call -> call.startsWith("PUT blt1 "));
    }

    @Test
    void process_rejectedForGood_recordsTheDeadLetterWithItsCode() throws Exception {
        cma.put(422).get(200, "{\"asset\":{\"uid\":\"blt1\",\"url\":\"https://x/y.png\"}}");
        PermalinkJob recent = Jobs.job("blt1");

        processor().process(List.of(new QueueMessage("m1", JSON.write(recent), "blt1", 1)),
                Deadline.after(Duration.ofMinutes(1)));

        assertThat(row("blt1").found().orElseThrow().state()).isEqualTo(AssetState.DEAD_LETTERED);
        assertThat(row("blt1").found().orElseThrow().failure()).isEqualTo(FailureCode.REJECTED);
    }

    @Test
    void process_assetGone_recordsDeleted() throws Exception {
        cma.put(404).get(404, "{\"error_message\":\"Asset was not found.\",\"error_code\":145}");

        processor().process(List.of(message("blt1", 2)), Deadline.after(Duration.ofMinutes(1)));

        assertThat(row("blt1").found().orElseThrow().state()).isEqualTo(AssetState.DELETED);
    }

    @Test
    void process_retry_marksTheAssetQueuedByItsWebhook() throws Exception {
        cma.alwaysUnavailable.add("blt1");
        JobLedger direct = new JobLedger(ledger, metrics);
        new BatchProcessor(service(), (message, code, detail, attempts) -> { }, JSON, 1, Metrics.NONE,
                Clock.fixed(JOB_TIME, ZoneOffset.UTC), direct).process(List.of(message("blt1", 1)),
                Deadline.after(Duration.ofMinutes(1)));

        assertThat(row("blt1").found().orElseThrow().state()).isEqualTo(AssetState.QUEUED);
        assertThat(row("blt1").found().orElseThrow().queuedBy()).isEqualTo(QueueSource.WEBHOOK);
    }

    /** A real ledger that can be made to fail every call, or to answer every find with an unreadable row. */
    static final class FailingLedger implements AssetLedger {
        private final AssetLedger real;
        volatile boolean failing;
        volatile boolean unreadable;

        FailingLedger(AssetLedger real) {
            this.real = real;
        }

        private void check() throws LedgerUnavailableException {
            if (failing) {
                throw new LedgerUnavailableException(LedgerUnavailableException.Reason.UNREACHABLE, "scripted",
                        null);
            }
        }

        @Override
        public AssetLookup find(AssetKey key) throws LedgerUnavailableException {
            check();
            return unreadable ? new AssetLookup.Unreadable(key, "scripted damage") : real.find(key);
        }

        @Override
        public Map<AssetKey, AssetLookup> findAll(Collection<AssetKey> keys) throws LedgerUnavailableException {
            check();
            return real.findAll(keys);
        }

        @Override
        public Transition markQueued(AssetKey key, QueueSource source) throws LedgerUnavailableException {
            check();
            return real.markQueued(key, source);
        }

        @Override
        public Transition record(AssetKey key, Settlement outcome) throws LedgerUnavailableException {
            check();
            return real.record(key, outcome);
        }

        @Override
        public StoredCheckpoint checkpoint(ScanScope scope) throws LedgerUnavailableException {
            check();
            return real.checkpoint(scope);
        }

        @Override
        public CheckpointMove moveCheckpoint(StoredCheckpoint current, ScanCheckpoint next)
                throws LedgerUnavailableException {
            check();
            return real.moveCheckpoint(current, next);
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
