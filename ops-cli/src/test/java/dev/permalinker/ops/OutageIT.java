package dev.permalinker.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.permalinker.aws.SqsJobPublisher;
import dev.permalinker.retry.Deadline;
import dev.permalinker.local.LocalConfig;
import dev.permalinker.local.LocalPipeline;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.reconcile.ReconcileConfig;
import dev.permalinker.reconcile.ReconcileReport;
import dev.permalinker.reconcile.Reconciler;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedAsset;
import dev.permalinker.simulator.SimulatedWebhook;
import dev.permalinker.simulator.WebhookDelivery;
import dev.permalinker.simulator.WebhookSpec;
import dev.permalinker.telemetry.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's outage, through the local runner: the ingest is unreachable while assets are created, longer than the
 * (scaled) retry schedule, so the simulated Contentstack disables the webhook; the reconciler then gives every asset
 * exactly one permanent URL, and {@code webhook status} names the disabled webhook until a person re-enables it.
 */
class OutageIT {
    private static final String API_KEY = "bltoutagestack001";
    private static final String TOKEN = "outage-token";
    private static final JsonCodec JSON = JsonCodec.create();

    private record Run(int exit, String out, String err) {
    }

    private final ContentstackSimulator cma = ContentstackSimulator.start(0, TOKEN, 200);
    private LocalPipeline pipeline;

    @AfterEach
    void stop() throws InterruptedException {
        if (pipeline != null) {
            pipeline.close();
        }
        cma.close();
    }

    /** A loopback port nothing listens on (yet): the ingest during the outage. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LocalPipeline startPipeline(int port, String publicWebhookUrl, String interval) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CS_APIKEY", API_KEY);
        env.put("CS_SIGNING_KEY_URL", cma.signingKeyUrl().toString());
        env.put("CS_MANAGEMENTTOKEN", TOKEN);
        env.put("CS_CMA_URL", cma.baseUrl().toString());
        env.put("CS_RATE_LIMIT", "100");
        env.put("PUBLIC_WEBHOOK_URL", publicWebhookUrl);
        env.put("RECONCILE_INTERVAL", interval);
        env.put("RECONCILE_GRACE", "PT1S");
        return LocalPipeline.start(new LocalConfig("127.0.0.1", port, 0, 3, 2, 2), env);
    }

    private Run webhookStatus(String publicWebhookUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("CS_APIKEY", API_KEY);
        env.put("CS_MANAGEMENTTOKEN", TOKEN);
        env.put("CS_CMA_URL", cma.baseUrl().toString());
        env.put("PUBLIC_WEBHOOK_URL", publicWebhookUrl);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OpsCli.run(new String[] {"webhook", "status"}, env, new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Re-enables the webhook the way a person does, through the CMA ({@code PUT /v3/webhooks/{uid}}). */
    private void reEnable(String webhookUid) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(cma.baseUrl() + "/v3/webhooks/" + webhookUid))
                .header("api_key", API_KEY).header("authorization", TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.write(Map.of("webhook", Map.of("disabled", false)))))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void ingestDownLongerThanTheRetries_webhookDisabled_reconcilerGivesEveryAssetExactlyOneUrl() throws Exception {
        // 5, 25, 125, 625 s scaled to 1, 5, 25, 125 ms; a delivery's timeout floor 2 s.
        cma.webhookDelivery(WebhookDelivery.scaled(0.0002));
        int port = freePort();
        String ingestUrl = "http://127.0.0.1:" + port + "/webhooks/contentstack";
        SimulatedWebhook webhook = cma.addWebhook(API_KEY, WebhookSpec.assetCreations("Permalinker", ingestUrl));

        List<SimulatedAsset> created = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            created.add(cma.createAsset(API_KEY, String.format("bltoutageasset%02d", i), "photo " + i + ".png",
                    "image/png"));
            await().atMost(Duration.ofSeconds(30)).until(() -> cma.pendingWebhookDeliveries() == 0);
        }
        assertThat(cma.webhook(webhook.uid()).disabled()).as("the circuit breaker tripped").isTrue();
        assertThat(cma.webhook(webhook.uid()).unhealthy()).isTrue();

        Run sick = webhookStatus(ingestUrl);
        assertThat(sick.exit()).as(sick.err()).isEqualTo(1);
        assertThat(sick.out()).contains("[FAILING] Permalinker (" + webhook.uid() + ")")
                .contains("findings     disabled, unhealthy")
                .contains("asset bltoutageasset00");

        // The ingest comes back on its URL; the webhook stays disabled: only the reconciler can bring the assets.
        pipeline = startPipeline(port, ingestUrl, "PT1S");
        await().atMost(Duration.ofSeconds(60)).until(() -> created.stream()
                .allMatch(asset -> cma.permanentUrl(API_KEY, asset.uid()) != null));
        for (SimulatedAsset asset : created) {
            assertThat(cma.writesFor(asset.uid())).as("writes of %s", asset.uid()).isEqualTo(1);
            assertThat(cma.putCallsFor(asset.uid())).as("PUTs of %s", asset.uid()).isEqualTo(1);
        }
        assertThat(webhookStatus(ingestUrl).exit()).as("still disabled until a person acts").isEqualTo(1);

        // Re-enabled: the next asset comes by webhook, and the stack is healthy again.
        reEnable(webhook.uid());
        SimulatedAsset after = cma.createAsset(API_KEY, "bltafteroutage01", "after.png", "image/png");
        await().atMost(Duration.ofSeconds(30)).until(() -> cma.permanentUrl(API_KEY, after.uid()) != null);
        await().atMost(Duration.ofSeconds(30)).until(() -> cma.pendingWebhookDeliveries() == 0);
        Run healthy = webhookStatus(ingestUrl);
        assertThat(healthy.exit()).as(healthy.out() + healthy.err()).isZero();
        assertThat(healthy.out()).contains("[ok] Permalinker (" + webhook.uid() + ")");
        assertThat(cma.writesFor(after.uid())).isEqualTo(1);
    }

    @Test
    void webhookAndReconcilerDeliverTheSameAssetsAtOnce_eachAssetIsWrittenOnce() throws Exception {
        cma.webhookDelivery(WebhookDelivery.scaled(0.0002));
        pipeline = startPipeline(0, "http://127.0.0.1:1/unused", "PT0S");
        String ingestUrl = pipeline.ingestUrl() + "/webhooks/contentstack";
        // Both paths at once: a webhook to the ingest, and the reconciler, several runs in parallel, on the same
        // assets (old enough for the grace: created an hour ago, as when a large upload's webhooks come late).
        cma.addWebhook(API_KEY, WebhookSpec.assetCreations("Permalinker", ingestUrl));
        LocalPipelineReconciler reconciler = new LocalPipelineReconciler(pipeline, cma, API_KEY, TOKEN);
        List<SimulatedAsset> created = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            created.add(cma.createAsset(API_KEY, String.format("bltbothpaths%03d", i), "both " + i + ".png",
                    "image/png", Instant.now().minus(Duration.ofHours(1))));
        }
        List<ReconcileReport> reports = reconciler.runConcurrently(3);

        await().atMost(Duration.ofSeconds(60)).until(() -> created.stream()
                .allMatch(asset -> cma.permanentUrl(API_KEY, asset.uid()) != null));
        await().atMost(Duration.ofSeconds(30)).until(() -> cma.pendingWebhookDeliveries() == 0
                && pipeline.sqs().depth(pipeline.sqs().queueUrl()) == 0);
        assertThat(reports).allSatisfy(report -> assertThat(report.problems()).isEmpty());
        assertThat(reports.stream().mapToInt(ReconcileReport::queued).sum()).as("the reconciler did send jobs")
                .isPositive();
        for (SimulatedAsset asset : created) {
            assertThat(cma.writesFor(asset.uid())).as("successful writes of %s", asset.uid()).isEqualTo(1);
        }
        assertThat(pipeline.sqs().depth(pipeline.sqs().dlqUrl())).as("nothing dead-lettered").isZero();
    }

    /** Runs the pipeline's reconciler from several threads at once, all starting together. */
    private record LocalPipelineReconciler(LocalPipeline pipeline, ContentstackSimulator cma, String apiKey,
                                           String token) {
        List<ReconcileReport> runConcurrently(int runs) throws Exception {
            ReconcileConfig config = ReconcileConfig.fromEnv(
                    Map.of("CS_APIKEY", apiKey, "CS_MANAGEMENTTOKEN", token, "CS_CMA_URL", cma.baseUrl().toString(),
                            "QUEUE_URL", pipeline.sqs().queueUrl(), "CS_RATE_LIMIT", "100"));
            SqsJobPublisher publisher = new SqsJobPublisher(
                    pipeline.sqs().client(), pipeline.sqs().queueUrl(), JSON);
            ExecutorService threads = Executors.newFixedThreadPool(runs);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<ReconcileReport>> futures = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    Reconciler reconciler = Reconciler.create(
                            config, publisher, Metrics.NONE, JSON,
                            Clock.systemUTC());
                    futures.add(threads.submit(() -> {
                        start.await();
                        return reconciler.run(Deadline.after(Duration.ofSeconds(30)));
                    }));
                }
                start.countDown();
                List<ReconcileReport> reports = new ArrayList<>();
                for (Future<ReconcileReport> future : futures) {
                    reports.add(future.get());
                }
                return reports;
            } finally {
                threads.shutdownNow();
            }
        }
    }
}
