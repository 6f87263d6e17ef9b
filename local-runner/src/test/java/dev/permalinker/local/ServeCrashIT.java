package dev.permalinker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.permalinker.ingest.IngestService;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.WebhookPayloads;
import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedAsset;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as its own process, killed with SIGKILL (no shutdown hook runs) and started again on the same
 * {@code DATA_DIR}: a 202 is a promise that survives the process. The CMA (the simulator) lives in the test, so its
 * record of writes survives the kill too.
 */
class ServeCrashIT {
    private static final String API_KEY = "bltcrashstack00001";
    private static final String TOKEN = "crash-token";

    private final JsonCodec json = JsonCodec.create();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ContentstackSimulator cma;
    private Process serve;
    private int port;
    private int sqsPort;

    @TempDir
    Path dataDir;
    @TempDir
    Path logs;

    @BeforeEach
    void start() throws IOException {
        cma = ContentstackSimulator.start(0, TOKEN, 10);
        cma.addStack(API_KEY);
        port = freePort();
        sqsPort = freePort();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (serve != null) {
            serve.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        cma.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void startServe(String name) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsun.net.httpserver.nodelay=true", "-Dpermalinker.log.level=warn",
                "-cp", System.getProperty("java.class.path"), LocalRunner.class.getName(), "serve")
                .redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile());
        builder.environment().put("CS_APIKEY", API_KEY);
        builder.environment().put("CS_MANAGEMENTTOKEN", TOKEN);
        builder.environment().put("CS_CMA_URL", cma.baseUrl().toString());
        builder.environment().put("CS_SIGNING_KEY_URL", cma.signingKeyUrl().toString());
        // 2 writes/s (1.6 with the default share): 40 assets take ~25 s to drain, so the kill lands mid-drain even
        // when a loaded machine is slow to accept the 40 webhooks (at 10/s, all 40 were once written before it).
        builder.environment().put("CS_RATE_LIMIT", "2");
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("SQS_PORT", Integer.toString(sqsPort));
        builder.environment().put("DATA_DIR", dataDir.toString());
        builder.environment().put("VISIBILITY_TIMEOUT", "3");
        serve = builder.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    /** SIGKILL: the process gets no chance to finish anything. */
    private void kill() throws InterruptedException {
        serve.destroyForcibly();
        assertThat(serve.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    private int post(SimulatedAsset asset) throws Exception {
        byte[] body = WebhookPayloads.assetCreated(json, API_KEY, asset.uid(), asset.filename(), asset.url(),
                asset.contentType());
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + IngestService.PATH))
                .header("Content-Type", "application/json")
                .header(CertificateSignature.HEADER, cma.signCertificate(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void killedMidDrain_restartedOnTheSameDataDir_everyAcceptedAssetGetsExactlyOneUrl() throws Exception {
        startServe("first");
        List<SimulatedAsset> assets = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            SimulatedAsset asset = cma.createAsset(API_KEY, String.format("bltcrash%06d", i), "crash " + i + ".png",
                    "image/png");
            assertThat(post(asset)).as("accepted: a promise").isEqualTo(202);
            assets.add(asset);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> cma.writeTimesNanos().size() >= 4);

        kill();
        int setAtKill = cma.writeTimesNanos().size();
        assertThat(setAtKill).as("killed mid-drain").isLessThan(assets.size());
        startServe("second");

        await().atMost(Duration.ofSeconds(90)).until(() -> assets.stream()
                .allMatch(a -> cma.permanentUrl(API_KEY, a.uid()) != null));
        for (SimulatedAsset asset : assets) {
            assertThat(cma.writesFor(asset.uid())).as("writes of %s", asset.uid()).isEqualTo(1);
        }
    }

    @Test
    void killedAfterTheWriteLandedBeforeItsAnswer_redeliveryCostsAReadNotASecondWrite() throws Exception {
        startServe("first");
        SimulatedAsset asset = cma.createAsset(API_KEY, "bltcrashheld001", "held.png", "image/png");
        cma.holdAnswerAfterWrite(asset.uid(), Duration.ofSeconds(30));
        assertThat(post(asset)).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> cma.writesFor(asset.uid()) == 1);

        kill();
        startServe("second");

        await().atMost(Duration.ofSeconds(60)).until(() -> cma.getCallsFor(asset.uid()) >= 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> queueDepth() == 0);
        assertThat(cma.putCallsFor(asset.uid())).as("the one write before the kill, none after").isEqualTo(1);
        assertThat(cma.writesFor(asset.uid())).isEqualTo(1);
    }

    private int queueDepth() {
        try (var sqs = dev.permalinker.aws.AwsClients.local(URI.create("http://127.0.0.1:" + sqsPort))
                .sqs(Duration.ofSeconds(5))) {
            return dev.permalinker.aws.SqsQueues.depth(sqs, "http://127.0.0.1:" + sqsPort + "/000000000000/"
                    + EmbeddedSqs.QUEUE_NAME);
        }
    }
}
