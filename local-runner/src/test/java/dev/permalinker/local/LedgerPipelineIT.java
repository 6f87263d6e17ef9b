package dev.permalinker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.permalinker.ingest.IngestService;
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
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.WebhookPayloads;
import dev.permalinker.reconcile.ReconcileReport;
import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedAsset;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The pipeline as {@code serve} runs it, with its asset ledger, against the simulator: a poison asset is tried once
 * and waits in the DLQ without being queued again, a late webhook costs one write, and a ledger that fails mid-run
 * costs reads, never a second write. Time past SQS's deduplication window is the pipeline's clock moved on (the
 * worker, the reconciler and the ledger read it), not waited for.
 */
class LedgerPipelineIT {
    private static final String API_KEY = "bltledgerstack0001";
    private static final String SECRET = "local-secret";
    private static final String TOKEN = "local-token";

    private final JsonCodec json = JsonCodec.create();
    private final HttpClient http = HttpClient.newHttpClient();
    private final MovableClock clock = new MovableClock();
    private ContentstackSimulator cma;
    private LocalPipeline pipeline;
    private FlakyLedger ledger;

    @BeforeEach
    void start() {
        cma = ContentstackSimulator.start(0, TOKEN, 200);
        cma.clock(clock);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CS_APIKEY", API_KEY);
        env.put("CS_SECRET", SECRET);
        env.put("CS_SIGNING_KEY_URL", cma.signingKeyUrl().toString());
        env.put("CS_MANAGEMENTTOKEN", TOKEN);
        env.put("CS_CMA_URL", cma.baseUrl().toString());
        env.put("CS_RATE_LIMIT", "200");
        env.put("RECONCILE_GRACE", "PT1M");
        // The test runs the reconciler itself.
        env.put("RECONCILE_INTERVAL", "PT1H");
        pipeline = LocalPipeline.start(new LocalConfig("127.0.0.1", 0, 0, 5, 2, 5), env, clock, real -> {
            ledger = new FlakyLedger(real);
            return ledger;
        });
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (pipeline != null) {
            pipeline.close();
        }
        cma.close();
    }

    private AssetLookup row(String uid) throws LedgerUnavailableException {
        return pipeline.ledger().find(new AssetKey(API_KEY, "main", uid));
    }

    @Test
    void poisonAsset_triedOnceWaitsInTheDlqNotQueuedAgainUntilRedriven() throws Exception {
        SimulatedAsset poison = cma.createAsset(API_KEY, "bltpoison01", "poison.png", "image/png",
                clock.instant().minus(Duration.ofMinutes(10)));
        cma.forceStatus(poison.uid(), 422);

        ReconcileReport first = pipeline.reconciler().runOnce();
        assertThat(first.queued()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.sqs().depth(pipeline.sqs().dlqUrl()) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> row(poison.uid()).found()
                .map(entry -> entry.state() == AssetState.DEAD_LETTERED).orElse(false));
        assertThat(row(poison.uid()).found().orElseThrow().failure()).isEqualTo(FailureCode.REJECTED);

        for (int run = 0; run < 4; run++) {
            // Past SQS's five-minute deduplication window each time: a job sent now would reach the worker.
            clock.advance(Duration.ofMinutes(7));
            assertThat(pipeline.reconciler().runOnce().queued()).as("run %d", run).isZero();
        }
        assertThat(cma.putCallsFor(poison.uid())).isEqualTo(1);
        assertThat(pipeline.sqs().depth(pipeline.sqs().dlqUrl())).isEqualTo(1);
        assertThat(pipeline.sqs().depth(pipeline.sqs().queueUrl())).isZero();

        cma.forceStatus(poison.uid(), 0);
        redrive();

        await().atMost(Duration.ofSeconds(30)).until(() -> cma.permanentUrl(API_KEY, poison.uid()) != null);
        assertThat(cma.putCallsFor(poison.uid())).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> row(poison.uid()).found()
                .map(entry -> entry.state() == AssetState.WRITTEN).orElse(false));
    }

    /** What {@code permalinker-ops dlq redrive} does: the message back to the job queue, the asset marked. */
    private void redrive() throws LedgerUnavailableException {
        var sqs = pipeline.sqs().client();
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(pipeline.sqs().dlqUrl())
                .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertThat(messages).hasSize(1);
        Message message = messages.get(0);
        pipeline.ledger().markQueued(new AssetKey(API_KEY, "main", "bltpoison01"), QueueSource.REDRIVE);
        sqs.sendMessage(r -> r.queueUrl(pipeline.sqs().queueUrl()).messageBody(message.body())
                .messageGroupId("bltpoison01").messageDeduplicationId(UUID.randomUUID().toString()));
        sqs.deleteMessage(r -> r.queueUrl(pipeline.sqs().dlqUrl()).receiptHandle(message.receiptHandle()));
    }

    @Test
    void lateWebhooksForAssetsNoOneWrote_onePutEachNoGet() throws Exception {
        List<SimulatedAsset> assets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            assets.add(cma.createAsset(API_KEY, "bltlate" + i, "late " + i + ".png", "image/png"));
        }
        // The webhooks carry the real time; the worker's clock is ten minutes on: every job is past the window.
        clock.advance(Duration.ofMinutes(10));
        for (SimulatedAsset asset : assets) {
            assertThat(post(asset).statusCode()).isEqualTo(202);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> assets.stream()
                .allMatch(a -> cma.permanentUrl(API_KEY, a.uid()) != null));

        for (SimulatedAsset asset : assets) {
            assertThat(cma.putCallsFor(asset.uid())).as("PUTs of %s", asset.uid()).isEqualTo(1);
            assertThat(cma.getCallsFor(asset.uid())).as("GETs of %s", asset.uid()).isZero();
        }
    }

    @Test
    void ledgerFailsMidRun_everyAssetStillGetsExactlyOneUrl() throws Exception {
        List<SimulatedAsset> assets = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            assets.add(cma.createAsset(API_KEY, "bltdown" + i, "down " + i + ".png", "image/png",
                    clock.instant().minus(Duration.ofMinutes(30))));
        }
        clock.advance(Duration.ofMinutes(10));
        for (int i = 0; i < 15; i++) {
            assertThat(post(assets.get(i)).statusCode()).isEqualTo(202);
        }
        ledger.failAfter(ledger.calls() + 20);
        for (int i = 15; i < 30; i++) {
            assertThat(post(assets.get(i)).statusCode()).isEqualTo(202);
        }
        pipeline.reconciler().runOnce();
        await().atMost(Duration.ofSeconds(30)).until(() -> assets.stream()
                .allMatch(a -> cma.permanentUrl(API_KEY, a.uid()) != null));
        // The ledger back: the next runs queue nothing that has its URL.
        ledger.failAfter(Long.MAX_VALUE);
        clock.advance(Duration.ofMinutes(7));
        pipeline.reconciler().runOnce();
        clock.advance(Duration.ofMinutes(7));
        pipeline.reconciler().runOnce();
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
                .until(() -> pipeline.sqs().depth(pipeline.sqs().queueUrl()) == 0);

        assertThat(ledger.failed()).isPositive();
        for (SimulatedAsset asset : assets) {
            assertThat(cma.writesFor(asset.uid())).as("writes of %s", asset.uid()).isEqualTo(1);
        }
    }

    private HttpResponse<String> post(SimulatedAsset asset) throws Exception {
        byte[] bytes = WebhookPayloads.assetCreated(json, API_KEY, asset.uid(), asset.filename(), asset.url(),
                asset.contentType());
        return http.send(HttpRequest.newBuilder(pipeline.ingestUrl().resolve(IngestService.PATH))
                .header("Content-Type", "application/json")
                .header("secret", SECRET)
                .header(CertificateSignature.HEADER, cma.signCertificate(bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The real time plus what the test moved it on by. */
    static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** The pipeline's real ledger, failing every call from a given call on (a ledger that goes down mid-run). */
    static final class FlakyLedger implements AssetLedger {
        private final AssetLedger real;
        private long calls;
        private long failAfter = Long.MAX_VALUE;
        private long failed;

        FlakyLedger(AssetLedger real) {
            this.real = real;
        }

        synchronized void failAfter(long call) {
            failAfter = call;
        }

        synchronized long calls() {
            return calls;
        }

        synchronized long failed() {
            return failed;
        }

        private synchronized void check() throws LedgerUnavailableException {
            calls++;
            if (calls > failAfter) {
                failed++;
                throw new LedgerUnavailableException(LedgerUnavailableException.Reason.UNREACHABLE, "scripted",
                        null);
            }
        }

        @Override
        public AssetLookup find(AssetKey key) throws LedgerUnavailableException {
            check();
            return real.find(key);
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
