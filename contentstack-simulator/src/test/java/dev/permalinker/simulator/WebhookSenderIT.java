package dev.permalinker.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.signing.HmacSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator as a webhook sender: payloads, signatures, retries, the circuit breaker and the rate limit. */
class WebhookSenderIT {
    private static final String TOKEN = "token-1";
    private static final String KEY = "bltstack0000000001";
    private static final JsonCodec JSON = JsonCodec.create();
    /** 5, 25, 125, 625 s become 1, 5, 25, 125 ms. */
    private static final double FAST = 0.0002;

    /** One delivery as the receiver got it. */
    record Delivery(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final ContentstackSimulator cma = ContentstackSimulator.start(0, TOKEN, 50);
    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    /** Statuses to answer, in turn; the last one is repeated. */
    private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    private volatile int lastAnswer = 200;
    private final HttpServer receiver = startReceiver();

    private HttpServer startReceiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.createContext("/webhooks/contentstack", exchange -> {
                try (exchange) {
                    received.add(new Delivery(Map.copyOf(exchange.getRequestHeaders()),
                            exchange.getRequestBody().readAllBytes()));
                    Integer next = answers.poll();
                    int status = next != null ? next : lastAnswer;
                    byte[] answer = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(status, answer.length);
                    exchange.getResponseBody().write(answer);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String target() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhooks/contentstack";
    }

    private void answer(int... statuses) {
        for (int status : statuses) {
            answers.add(status);
        }
        lastAnswer = statuses[statuses.length - 1];
    }

    @AfterEach
    void stop() {
        cma.close();
        receiver.stop(0);
    }

    private static boolean certificateVerifies(ContentstackSimulator cma, Delivery delivery) throws Exception {
        String header = delivery.header(CertificateSignature.HEADER);
        Signature signature = Signature.getInstance("RSASSA-PSS");
        signature.setParameter(CertificateSignature.PSS);
        signature.initVerify(cma.signingKeys().current().getPublic());
        signature.update(delivery.body());
        return signature.verify(Base64.getDecoder().decode(header.substring("v1=".length())));
    }

    private SimulatedExecution onlyExecution(SimulatedWebhook webhook) {
        await().atMost(Duration.ofSeconds(20)).until(() -> cma.executions(webhook.uid()).size() == 1
                && cma.executions(webhook.uid()).get(0).finished());
        return cma.executions(webhook.uid()).get(0);
    }

    @Test
    void assetCreated_fullPayloadSignedWithCustomHeaderAndBasicAuth() throws Exception {
        cma.webhookDelivery(WebhookDelivery.scaled(FAST));
        SimulatedWebhook webhook = cma.addWebhook(KEY, WebhookSpec.assetCreations("P", target())
                .withCustomHeader("secret", "s3cret").withBasicAuth("user", "pass"));

        cma.createAsset(KEY, "blta", "Summer Sale.jpeg", "image/jpeg");

        SimulatedExecution execution = onlyExecution(webhook);
        assertThat(execution.status()).isEqualTo(200);
        assertThat(execution.retryCount()).isZero();
        Delivery delivery = received.get(0);
        JsonNode body = delivery.json();
        assertThat(body.fieldNames()).toIterable().containsExactly("module", "api_key", "data", "event",
                "triggered_at");
        assertThat(body.path("module").asText()).isEqualTo("asset");
        assertThat(body.path("event").asText()).isEqualTo("create");
        assertThat(body.path("api_key").asText()).isEqualTo(KEY);
        assertThat(body.path("data").path("asset").path("uid").asText()).isEqualTo("blta");
        assertThat(body.path("data").path("asset").path("filename").asText()).isEqualTo("Summer Sale.jpeg");
        assertThat(body.path("data").path("asset").path("url").asText()).startsWith("https://images.contentstack.io/");
        assertThat(body.path("data").path("asset").path("is_dir").asBoolean(true)).isFalse();
        assertThat(body.path("data").path("branch").path("uid").asText()).isEqualTo("main");
        assertThat(delivery.header("Content-Type")).isEqualTo("application/json");
        assertThat(delivery.header("User-Agent")).isEqualTo("Contentstack");
        assertThat(delivery.header("secret")).isEqualTo("s3cret");
        assertThat(delivery.header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("user:pass".getBytes(StandardCharsets.UTF_8)));
        assertThat(delivery.header(HmacSignature.HEADER)).as("no HMAC keys configured").isNull();
        assertThat(certificateVerifies(cma, delivery)).isTrue();
        assertThat(JSON.readTree(execution.eventData().getBytes(StandardCharsets.UTF_8)))
                .as("the execution logs the event as first sent").isEqualTo(body);
    }

    @Test
    void assetCreated_hmacKeys_everyKeySignsTimestampDotBody() {
        cma.webhookDelivery(WebhookDelivery.scaled(FAST));
        cma.hmacSigningKeys("old-key", "new-key");
        SimulatedWebhook webhook = cma.addWebhook(KEY, WebhookSpec.assetCreations("P", target()));

        cma.createAsset(KEY, "blta", "a.png", "image/png");

        onlyExecution(webhook);
        Delivery delivery = received.get(0);
        String header = delivery.header(HmacSignature.HEADER);
        long t = Long.parseLong(header.split(",")[0].substring(2));
        assertThat(header).isEqualTo(HmacSignature.sign(t, delivery.body(), "old-key", "new-key"));
    }

    @Test
    void assetCreated_concisePayload_uidOnly() {
        cma.webhookDelivery(WebhookDelivery.scaled(FAST));
        SimulatedWebhook webhook = cma.addWebhook(KEY, WebhookSpec.assetCreations("P", target())
                .withConcisePayload(true));

        cma.createAsset(KEY, "blta", "a.png", "image/png");

        onlyExecution(webhook);
        JsonNode asset = received.get(0).json().path("data").path("asset");
        assertThat(asset.fieldNames()).toIterable().containsExactly("uid");
    }

    @Test
    void failedDelivery_retriedWithFreshTriggeredAtFirstAndFreshSignature() throws Exception {
        cma.webhookDelivery(WebhookDelivery.scaled(FAST));
        answer(503, 429, 200);
        SimulatedWebhook webhook = cma.addWebhook(KEY, WebhookSpec.assetCreations("P", target()));

        cma.createAsset(KEY, "blta", "a.png", "image/png");

        SimulatedExecution execution = onlyExecution(webhook);
        assertThat(execution.attempts()).extracting(SimulatedExecution.Attempt::status).containsExactly(503, 429,
                200);
        assertThat(execution.status()).isEqualTo(200);
        assertThat(execution.retryCount()).isEqualTo(2);
        assertThat(received).hasSize(3);
        assertThat(received.get(0).json().fieldNames().next()).isEqualTo("module");
        for (Delivery retry : received.subList(1, 3)) {
            assertThat(retry.json().fieldNames().next()).isEqualTo("triggered_at");
            assertThat(certificateVerifies(cma, retry)).isTrue();
            assertThat(retry.json().path("data")).isEqualTo(received.get(0).json().path("data"));
        }
        assertThat(received.stream().map(d -> d.header(CertificateSignature.HEADER)).distinct()).hasSize(3);
        assertThat(cma.webhook(webhook.uid()).consecutiveFailures()).as("a 2xx starts the count again").isZero();
    }

    @Test
    void failingDestination_fourRetriesThenGivenUp() {
        cma.webhookDelivery(WebhookDelivery.scaled(FAST));
        answer(500);
        SimulatedWebhook webhook = cma.addWebhook(KEY, WebhookSpec.assetCreations("P", target()));

        cma.createAsset(KEY, "blta", "a.png", "image/png");

        SimulatedExecution execution = onlyExecution(webhook);
        assertThat(execution.attempts()).extracting(SimulatedExecution.Attempt::retryNumber)
                .containsExactly(0, 1, 2, 3, 4);
        assertThat(execution.status()).isEqualTo(500);
        assertThat(cma.webhook(webhook.uid()).consecutiveFailures()).isEqualTo(5);
        assertThat(cma.webhook(webhook.uid()).disabled()).isFalse();
        assertThat(cma.pendingWebhookDeliveries()).isZero();
    }

    @Test
    void manualRetryPolicy_neverRetried() {
        cma.webhookDelivery(WebhookDelivery.scaled(FAST));
        answer(503);
        SimulatedWebhook webhook = cma.addWebhook(KEY, WebhookSpec.assetCreations("P", target())
                .withRetryPolicy(WebhookSpec.MANUAL));

        cma.createAsset(KEY, "blta", "a.png", "image/png");

        assertThat(onlyExecution(webhook).attempts()).hasSize(1);
        assertThat(received).hasSize(1);
    }

    @Test
    void tenFailures_circuitBreakerDisablesAndMarksUnhealthy_reEnablingDeliversAgain() {
        cma.webhookDelivery(WebhookDelivery.scaled(FAST));
        answer(401);
        SimulatedWebhook webhook = cma.addWebhook(KEY, WebhookSpec.assetCreations("P", target()));

        // One at a time, so the count is exact: five attempts each (the first and four retries).
        for (String uid : List.of("blta", "bltb", "bltc")) {
            cma.createAsset(KEY, uid, uid + ".png", "image/png");
            await().atMost(Duration.ofSeconds(20)).until(() -> cma.pendingWebhookDeliveries() == 0);
        }

        SimulatedWebhook tripped = cma.webhook(webhook.uid());
        assertThat(tripped.disabled()).isTrue();
        assertThat(tripped.unhealthy()).isTrue();
        assertThat(received).as("ten failures, then nothing more is sent").hasSize(10);
        assertThat(cma.executions(webhook.uid())).as("the third asset's execution is not even begun").hasSize(2);
        int executions = cma.executions(webhook.uid()).size();

        cma.createAsset(KEY, "bltd", "d.png", "image/png");
        assertThat(cma.executions(webhook.uid())).as("a disabled webhook gets no executions").hasSize(executions);

        answer(200);
        cma.addWebhook(KEY, WebhookSpec.assetCreations("Q", target()).withChannels("assets.update"));
        reEnable(webhook.uid());
        cma.createAsset(KEY, "blte", "e.png", "image/png");
        await().atMost(Duration.ofSeconds(20)).until(() -> cma.pendingWebhookDeliveries() == 0);
        assertThat(cma.executions(webhook.uid()).get(0).assetUid()).isEqualTo("blte");
        assertThat(cma.executions(webhook.uid()).get(0).status()).isEqualTo(200);
        assertThat(received).hasSize(11);
    }

    private void reEnable(String uid) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(cma.baseUrl() + "/v3/webhooks/" + uid))
                    .header("api_key", KEY).header("authorization", TOKEN).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"webhook\":{\"disabled\":false}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void notFoundAndForbidden_doNotCountTowardsTheBreaker() {
        cma.webhookDelivery(WebhookDelivery.scaled(FAST));
        answer(404, 403, 400);
        SimulatedWebhook webhook = cma.addWebhook(KEY, WebhookSpec.assetCreations("P", target())
                .withRetryPolicy(WebhookSpec.MANUAL));

        for (int i = 0; i < 12; i++) {
            cma.createAsset(KEY, "blt" + i, i + ".png", "image/png");
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> cma.pendingWebhookDeliveries() == 0);
        assertThat(received).hasSize(12);
        assertThat(cma.webhook(webhook.uid()).disabled()).isFalse();
        assertThat(cma.webhook(webhook.uid()).consecutiveFailures()).isZero();
    }

    @Test
    void noAnswer_refusedConnection_loggedAsZeroAndCounted() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        cma.webhookDelivery(WebhookDelivery.scaled(FAST));
        SimulatedWebhook webhook = cma.addWebhook(KEY, WebhookSpec.assetCreations("P",
                "http://127.0.0.1:" + closedPort + "/webhooks/contentstack").withRetryPolicy(WebhookSpec.MANUAL));

        cma.createAsset(KEY, "blta", "a.png", "image/png");

        SimulatedExecution execution = onlyExecution(webhook);
        assertThat(execution.status()).isZero();
        assertThat(cma.webhook(webhook.uid()).consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void noAnswerWithinTheTimeout_failedAndCounted() {
        CountDownLatch release = new CountDownLatch(1);
        receiver.createContext("/hang", exchange -> {
            try (exchange) {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // 30 s times 0.005 is 150 ms; the floor is lowered to let it be.
        cma.webhookDelivery(WebhookDelivery.scaled(0.005).withMinimumTimeout(Duration.ZERO));
        SimulatedWebhook webhook = cma.addWebhook(KEY, WebhookSpec.assetCreations("P",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hang").withRetryPolicy(WebhookSpec.MANUAL));

        cma.createAsset(KEY, "blta", "a.png", "image/png");

        try {
            SimulatedExecution execution = onlyExecution(webhook);
            assertThat(execution.status()).isZero();
            assertThat(execution.attempts().get(0).body()).as("as Contentstack logs it")
                    .isEqualTo("ETIMEDOUT");
            assertThat(cma.webhook(webhook.uid()).consecutiveFailures()).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void rateLimit_theRestWaitForTheNextMinute_noneDropped() {
        // A minute of 3 s, 4 executions in it.
        cma.webhookDelivery(WebhookDelivery.scaled(0.05).withExecutionsPerMinute(4));
        SimulatedWebhook webhook = cma.addWebhook(KEY, WebhookSpec.assetCreations("P", target()));

        for (int i = 0; i < 7; i++) {
            cma.createAsset(KEY, "blt" + i, i + ".png", "image/png");
        }

        await().atMost(Duration.ofSeconds(2)).until(() -> received.size() >= 4);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> received.size() == 4);
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 7);
        // The receiver has the last request before the sender has recorded its answer.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(cma.executions(webhook.uid())).allMatch(SimulatedExecution::succeeded));
    }

    @Test
    void upload_multipartCreatesTheAssetAndDeliversOnItsBranch() throws Exception {
        cma.webhookDelivery(WebhookDelivery.scaled(FAST));
        SimulatedWebhook main = cma.addWebhook(KEY, WebhookSpec.assetCreations("Main", target()));
        SimulatedWebhook develop = cma.addWebhook(KEY, WebhookSpec.assetCreations("Develop", target())
                .withBranches("develop"));
        String boundary = "----permalinker";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"asset[upload]\"; "
                + "filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"asset[title]\"\r\n\r\nLogo\r\n--" + boundary + "--\r\n";

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(cma.baseUrl() + "/v3/assets"))
                .header("api_key", KEY).header("authorization", TOKEN).header("branch", "develop")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        String uid = JSON.readTree(response.body().getBytes(StandardCharsets.UTF_8)).path("asset").path("uid")
                .asText();
        assertThat(uid).matches("blt[0-9a-f]{16}");
        assertThat(cma.assets()).extracting(SimulatedAsset::uid).contains(uid);
        SimulatedExecution execution = onlyExecution(develop);
        assertThat(execution.assetUid()).isEqualTo(uid);
        assertThat(cma.executions(main.uid())).isEmpty();
        assertThat(received.get(0).json().path("data").path("branch").path("uid").asText()).isEqualTo("develop");
        assertThat(received.get(0).json().path("data").path("asset").path("content_type").asText())
                .isEqualTo("image/png");
    }

    @Test
    void upload_withoutFile_422AndNothingSent() throws Exception {
        SimulatedWebhook webhook = cma.addWebhook(KEY, WebhookSpec.assetCreations("P", target()));

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(cma.baseUrl() + "/v3/assets"))
                .header("api_key", KEY).header("authorization", TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x--\r\n")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(cma.executions(webhook.uid())).isEmpty();
        List<String> names = new ArrayList<>();
        Iterator<String> fields = JSON.readTree(response.body().getBytes(StandardCharsets.UTF_8)).fieldNames();
        fields.forEachRemaining(names::add);
        assertThat(names).contains("error_message", "error_code", "errors");
    }
}
