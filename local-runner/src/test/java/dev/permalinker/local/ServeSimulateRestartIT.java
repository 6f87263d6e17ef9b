package dev.permalinker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.DeploymentOutput;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --simulate} stopped and started again on the same {@code DATA_DIR} continues where it stopped (issue
 * 28): the simulated CMA on the same URL with its assets and its one webhook, the same signing key file; no key file
 * in the temporary directory; {@code DATA_DIR/deployment.json} names this deployment's URLs.
 */
class ServeSimulateRestartIT {
    private static final String API_KEY = "bltlocalstack00001";
    private static final Pattern CMA_URL = Pattern.compile("simulated CMA at (http://127\\.0\\.0\\.1:\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonCodec json = JsonCodec.create();
    private LauncherProcess serve;

    @TempDir
    Path workDir;

    @AfterEach
    void stop() throws InterruptedException {
        if (serve != null) {
            serve.kill();
        }
    }

    private URI startServe(Map<String, String> env) throws Exception {
        serve = LauncherProcess.start(workDir, env, "serve", "--simulate");
        await().atMost(Duration.ofSeconds(90)).until(() -> serve.output().contains("data directory")
                || !serve.process().isAlive());
        Matcher cma = CMA_URL.matcher(serve.output());
        assertThat(cma.find()).as(serve.output()).isTrue();
        return URI.create(cma.group(1));
    }

    private void stopServe() throws Exception {
        serve.process().destroy();
        assertThat(serve.exitWithin(60)).as("stopped by SIGTERM").isNotEqualTo(-1);
    }

    @Test
    void serve_simulateRestarted_keepsStackKeyAndAssets() throws Exception {
        Map<String, String> env = Map.of("PORT", Integer.toString(LauncherProcess.freePort()),
                "SQS_PORT", Integer.toString(LauncherProcess.freePort()), "RECONCILE_INTERVAL", "PT0S");
        Path simulateDir = workDir.resolve("data").resolve(ServeDataDirectory.SIMULATE_SUBDIRECTORY);
        Path keyFile = simulateDir.resolve(ServeCommand.SIGNING_KEY_FILE);

        URI cma = startServe(env);
        String uid = upload(cma);
        await().atMost(Duration.ofSeconds(60)).until(() -> asset(cma, uid).path("asset").hasNonNull("permanent_url"));
        String key = Files.readString(keyFile);
        assertThat(serve.output()).contains("--private-key " + keyFile);
        stopServe();

        URI cmaAgain = startServe(env);

        assertThat(cmaAgain).isEqualTo(cma);
        assertThat(Files.readString(keyFile)).isEqualTo(key);
        assertThat(asset(cmaAgain, uid).path("asset").path("permanent_url").asText()).startsWith("https://");
        JsonNode webhooks = get(cmaAgain, "/v3/webhooks");
        assertThat(webhooks.path("webhooks")).hasSize(1);
        try (Stream<Path> temporary = Files.list(workDir.resolve("tmp"))) {
            assertThat(temporary.filter(p -> p.getFileName().toString().endsWith(".pem"))).isEmpty();
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        }
    }

    @Test
    void serve_started_writesDeploymentFactsOwnerOnly() throws Exception {
        int port = LauncherProcess.freePort();
        int sqsPort = LauncherProcess.freePort();
        URI cma = startServe(Map.of("PORT", Integer.toString(port), "SQS_PORT", Integer.toString(sqsPort),
                "RECONCILE_INTERVAL", "PT0S"));
        Path facts = workDir.resolve("data").resolve(DeploymentOutput.FACTS_FILE);

        JsonNode written = json.readTree(Files.readAllBytes(facts));

        assertThat(written.path(DeploymentOutput.WebhookUrl.name()).asText())
                .isEqualTo("http://127.0.0.1:" + port + "/webhooks/contentstack");
        assertThat(written.path(DeploymentOutput.QueueUrl.name()).asText())
                .startsWith("http://127.0.0.1:" + sqsPort + "/").endsWith(EmbeddedSqs.QUEUE_NAME);
        assertThat(written.path(DeploymentOutput.DeadLetterQueueUrl.name()).asText()).endsWith(EmbeddedSqs.DLQ_NAME);
        assertThat(written.path(DeploymentOutput.CmaBaseUrl.name()).asText()).isEqualTo(cma.toString());
        assertThat(written.has(DeploymentOutput.LedgerTableName.name())).isFalse();
        assertThat(written.has(DeploymentOutput.ActionsQueueUrl.name())).isFalse();
        written.fieldNames().forEachRemaining(name -> assertThat(DeploymentOutput.fromKey(name)).isPresent());
        assertThat(workDir.resolve("data").resolve("simulate").resolve(DeploymentOutput.FACTS_FILE))
                .as("the same facts beside the simulated run's log, for --data-dir DATA_DIR/simulate")
                .hasSameTextualContentAs(facts);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(facts))).isEqualTo("rw-------");
        }
    }

    private String upload(URI cma) throws Exception {
        String boundary = "permalinkerboundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"asset[upload]\"; "
                + "filename=\"photo.png\"\r\nContent-Type: image/png\r\n\r\npng\r\n--" + boundary + "--\r\n";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(cma.resolve("/v3/assets"))
                .header("api_key", API_KEY).header("authorization", ServeCommand.SIMULATED_TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body().getBytes(StandardCharsets.UTF_8)).path("asset").path("uid").asText();
    }

    private JsonNode asset(URI cma, String uid) throws IOException, InterruptedException {
        return get(cma, "/v3/assets/" + uid);
    }

    private JsonNode get(URI cma, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(cma.resolve(path))
                .header("api_key", API_KEY).header("authorization", ServeCommand.SIMULATED_TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).as(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return json.readTree(answer.body());
    }
}
