package dev.permalinker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.permalinker.ingest.IngestService;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermanentUrl;
import dev.permalinker.model.Region;
import dev.permalinker.model.WebhookPayloads;
import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.Faults;
import dev.permalinker.simulator.SimulatedAsset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The local pipeline as `serve` runs it, on port 0, fed over real HTTP, writing into the simulator. */
class LocalPipelineIT {
    private static final String API_KEY = "bltlocalstack00001";
    private static final String SECRET = "local-secret";
    private static final String TOKEN = "local-token";

    private final JsonCodec json = JsonCodec.create();
    private final HttpClient http = HttpClient.newHttpClient();
    private ContentstackSimulator cma;
    private LocalPipeline pipeline;

    @BeforeEach
    void start() {
        cma = ContentstackSimulator.start(0, TOKEN, 200);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CS_APIKEY", API_KEY);
        env.put("CS_SECRET", SECRET);
        env.put("CS_SIGNING_KEY_URL", cma.signingKeyUrl().toString());
        env.put("CS_MANAGEMENTTOKEN", TOKEN);
        env.put("CS_CMA_URL", cma.baseUrl().toString());
        env.put("CS_RATE_LIMIT", "200");
        pipeline = LocalPipeline.start(new LocalConfig("127.0.0.1", 0, 0, 5, 2, 5), env);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (pipeline != null) {
            pipeline.close();
        }
        cma.close();
    }

    private List<SimulatedAsset> assets(String prefix, int count) {
        List<SimulatedAsset> assets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            assets.add(cma.createAsset(API_KEY, String.format("%s%05d", prefix, i), "photo " + i + ".jpg",
                    "image/jpeg"));
        }
        return assets;
    }

    private HttpResponse<String> post(SimulatedAsset asset) throws Exception {
        return postAsync(asset).get();
    }

    private CompletableFuture<HttpResponse<String>> postAsync(SimulatedAsset asset) {
        byte[] bytes = WebhookPayloads.assetCreated(json, API_KEY, asset.uid(), asset.filename(), asset.url(),
                asset.contentType());
        return http.sendAsync(HttpRequest.newBuilder(pipeline.ingestUrl().resolve(IngestService.PATH))
                .header("Content-Type", "application/json")
                .header("secret", SECRET)
                .header(CertificateSignature.HEADER, cma.signCertificate(bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private boolean allSet(List<SimulatedAsset> assets) {
        return assets.stream().allMatch(a -> cma.permanentUrl(API_KEY, a.uid()) != null);
    }

    private void assertExactlyOnce(List<SimulatedAsset> assets) {
        for (SimulatedAsset asset : assets) {
            assertThat(cma.permanentUrl(API_KEY, asset.uid()))
                    .isEqualTo(PermanentUrl.of(API_KEY, asset.info(), Region.NA, null));
            assertThat(cma.writesFor(asset.uid())).as("writes for %s", asset.uid()).isEqualTo(1);
        }
    }

    @Test
    void serve_signedWebhooksOverHttp_everyAssetGetsItsPermanentUrl() throws Exception {
        List<SimulatedAsset> assets = assets("bltserve", 40);
        for (SimulatedAsset asset : assets) {
            HttpResponse<String> response = post(asset);
            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.body()).contains("\"assetUid\":\"" + asset.uid() + "\"");
        }
        assertThat(post(assets.get(0)).statusCode()).as("a duplicate is accepted too").isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> allSet(assets));

        assertExactlyOnce(assets);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(pipeline.ingestUrl().resolve("/healthz"))
                .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("ok");
    }

    @Test
    void workerStoppedMidDrainAndStarted_nothingLostNothingWrittenTwice() throws Exception {
        cma.faults(Faults.none().withLatency(Duration.ofMillis(50)));
        assertThat(pipeline.worker().stop(Duration.ofSeconds(30))).isTrue();
        List<SimulatedAsset> assets = assets("bltstop", 80);
        for (SimulatedAsset asset : assets) {
            assertThat(post(asset).statusCode()).isEqualTo(202);
        }
        pipeline.worker().start();
        await().atMost(Duration.ofSeconds(30)).until(() -> assets.stream()
                .anyMatch(a -> cma.permanentUrl(API_KEY, a.uid()) != null));

        assertThat(pipeline.worker().stop(Duration.ofSeconds(30))).isTrue();
        long setWhileStopped = assets.stream().filter(a -> cma.permanentUrl(API_KEY, a.uid()) != null).count();
        assertThat(setWhileStopped).isLessThan(assets.size());
        assertThat(pipeline.sqs().depth(pipeline.sqs().queueUrl())).isEqualTo(assets.size() - (int) setWhileStopped);
        pipeline.worker().start();

        await().atMost(Duration.ofSeconds(60)).until(() -> allSet(assets));
        assertExactlyOnce(assets);
    }

    @Test
    void shutdownWithMessagesInFlight_drainsThemAndRefusesNewWebhooksWith503() throws Exception {
        cma.faults(Faults.none().withLatency(Duration.ofMillis(50)));
        List<SimulatedAsset> assets = assets("bltdrain", 30);
        for (SimulatedAsset asset : assets) {
            assertThat(post(asset).statusCode()).isEqualTo(202);
        }
        SimulatedAsset late = cma.createAsset(API_KEY, "bltlate0001", "late.jpg", "image/jpeg");

        CompletableFuture<Integer> shutdown = CompletableFuture.supplyAsync(() -> {
            try {
                return pipeline.shutdown(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> http.send(
                HttpRequest.newBuilder(pipeline.ingestUrl().resolve("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 503);
        HttpResponse<String> refused = post(late);
        int left = shutdown.get();
        pipeline = null;

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("queue_unavailable");
        assertThat(left).isZero();
        assertExactlyOnce(assets);
        assertThat(cma.permanentUrl(API_KEY, late.uid())).isNull();
    }

    /**
     * serve's ingest is the Lambda's, built by the same composition root: an SQS hiccup is retried within the enqueue
     * budget (5 s) before the webhook is answered, not answered 503 at once. The hiccup: the job queue is deleted,
     * the webhook sent, and the queue created again while the ingest still waits.
     */
    @Test
    void serve_queueGoneForAMoment_theIngestRetriesTheEnqueueAndAnswers202() throws Exception {
        SqsClient sqs = pipeline.sqs().client();
        String queueUrl = pipeline.sqs().queueUrl();
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.FIFO_QUEUE, QueueAttributeName.VISIBILITY_TIMEOUT,
                QueueAttributeName.REDRIVE_POLICY)).attributes();
        SimulatedAsset asset = assets("bltretry", 1).get(0);
        sqs.deleteQueue(r -> r.queueUrl(queueUrl));

        CompletableFuture<HttpResponse<String>> answer = postAsync(asset);

        // Without the retry the ingest answered 503 at once; with it, the webhook waits while SQS refuses.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> !answer.isDone());
        sqs.createQueue(r -> r.queueName(EmbeddedSqs.QUEUE_NAME).attributes(attributes));
        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> allSet(List.of(asset)));
        assertExactlyOnce(List.of(asset));
    }

    @Test
    void demo_smallBurst_exitsZeroWithSummary() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        int exit = new Demo(40, 400, new PrintStream(buffer, true, StandardCharsets.UTF_8)).run();

        String output = buffer.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("permanent URLs set         40  (correct and written once: 40)")
                .contains("answered 401 unauthenticated").contains("OK: every asset got exactly one permanent URL.");
    }
}
