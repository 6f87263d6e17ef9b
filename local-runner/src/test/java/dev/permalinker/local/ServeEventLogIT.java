package dev.permalinker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.ingest.IngestService;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.WebhookPayloads;
import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedAsset;
import dev.permalinker.telemetry.JsonLogFile;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * {@code serve} as its own process keeps its events as JSON lines in {@code DATA_DIR/permalinker.log} (what
 * {@code permalinker-ops trace} reads), even with the terminal quieted to warnings, and never a token or signature.
 */
class ServeEventLogIT {
    private static final String API_KEY = "bltlogstack0000001";
    private static final String TOKEN = "event-log-token";

    private final JsonCodec json = JsonCodec.create();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ContentstackSimulator cma;
    private Process serve;
    private int port;

    @TempDir
    Path dataDir;
    @TempDir
    Path logs;

    @BeforeEach
    void start() throws IOException {
        cma = ContentstackSimulator.start(0, TOKEN, 50);
        cma.addStack(API_KEY);
        port = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalRunner.class.getName(), "serve")
                .redirectErrorStream(true).redirectOutput(logs.resolve("serve.log").toFile());
        builder.environment().put("CS_APIKEY", API_KEY);
        builder.environment().put("CS_MANAGEMENTTOKEN", TOKEN);
        builder.environment().put("CS_CMA_URL", cma.baseUrl().toString());
        builder.environment().put("CS_SIGNING_KEY_URL", cma.signingKeyUrl().toString());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("SQS_PORT", Integer.toString(freePort()));
        builder.environment().put("DATA_DIR", dataDir.toString());
        builder.environment().put("LOG_LEVEL", "warn");
        serve = builder.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (serve != null && serve.isAlive()) {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        cma.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void serve_writesEveryJobEventAsAJsonLineInTheDataDirectory() throws Exception {
        SimulatedAsset asset = cma.createAsset(API_KEY, "bltlogged00000001", "logged.png", "image/png");
        byte[] body = WebhookPayloads.assetCreated(json, API_KEY, asset.uid(), asset.filename(), asset.url(),
                asset.contentType());
        String signature = cma.signCertificate(body);
        int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + IngestService.PATH))
                .header("Content-Type", "application/json").header(CertificateSignature.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
        assertThat(status).isEqualTo(202);
        Path log = dataDir.resolve(JsonLogFile.SERVE_LOG);

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log)
                && Files.readString(log).contains("\"outcome\":\"written\""));

        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            events.add(json.readTree(line.getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(events).filteredOn(e -> asset.uid().equals(e.path("assetUid").asText()))
                .extracting(e -> e.get("outcome").asText()).containsExactly("queued", "written");
        assertThat(events).allSatisfy(e -> assertThat(e.hasNonNull("timestamp")).isTrue());
        String everything = Files.readString(log);
        assertThat(everything).doesNotContain(TOKEN).doesNotContain(signature.substring(3, 40));
        assertThat(Files.readString(logs.resolve("serve.log"))).as("the terminal stays at warnings")
                .doesNotContain("webhook answered");
    }
}
