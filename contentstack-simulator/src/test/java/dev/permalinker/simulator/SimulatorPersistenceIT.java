package dev.permalinker.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.permalinker.model.JsonCodec;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A persistent simulator continues where the previous process stopped: same stack, assets, webhooks and key. */
class SimulatorPersistenceIT {
    private static final String API_KEY = "bltpersiststack001";
    private static final String TOKEN = "persist-token";
    private static final JsonCodec JSON = JsonCodec.create();

    @TempDir
    Path dir;
    private ContentstackSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void startPersistent_afterClose_restoresStackAssetsWebhooksKeyAndPort() throws Exception {
        Path state = dir.resolve("simulator.json");
        simulator = ContentstackSimulator.startPersistent(state, TOKEN, 10);
        simulator.addStack(API_KEY);
        simulator.createAsset(API_KEY, "bltasset00000001", "a.png", "image/png");
        simulator.setPermanentUrl(API_KEY, "bltasset00000001", "https://example.com/a");
        simulator.createAsset(API_KEY, "bltasset00000002", "b.pdf", "application/pdf");
        SimulatedWebhook webhook = simulator.addWebhook(API_KEY,
                WebhookSpec.assetCreations("hook", "http://127.0.0.1:1/webhooks").withCustomHeader("secret", "s"));
        String publicKey = simulator.signingKeys().publicKeyPem();
        URI firstUrl = simulator.baseUrl();
        simulator.close();

        simulator = ContentstackSimulator.startPersistent(state, TOKEN, 10);

        assertThat(simulator.baseUrl()).isEqualTo(firstUrl);
        assertThat(simulator.permanentUrl(API_KEY, "bltasset00000001")).isEqualTo("https://example.com/a");
        assertThat(simulator.assets()).extracting(SimulatedAsset::uid)
                .containsExactlyInAnyOrder("bltasset00000001", "bltasset00000002");
        assertThat(simulator.webhooks()).containsExactly(webhook);
        assertThat(simulator.signingKeys().publicKeyPem()).isEqualTo(publicKey);
        assertThat(simulator.addWebhook(API_KEY, WebhookSpec.assetCreations("second", "http://127.0.0.1:1/x")).uid())
                .isNotEqualTo(webhook.uid());
        HttpResponse<String> read = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        simulator.baseUrl().resolve("/v3/assets/bltasset00000002"))
                .header("api_key", API_KEY).header("authorization", TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    }

    @Test
    void startPersistent_stateFile_ownerOnly() throws Exception {
        Path state = dir.resolve("simulator.json");
        simulator = ContentstackSimulator.startPersistent(state, TOKEN, 10);

        assertThat(state).exists();
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rw-------");
        }
    }

    @Test
    void startPersistent_changeWithoutClose_savedWithinSeconds() throws Exception {
        Path state = dir.resolve("simulator.json");
        simulator = ContentstackSimulator.startPersistent(state, TOKEN, 10);
        simulator.createAsset(API_KEY, "bltasset00000003", "c.png", "image/png");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.readString(state).contains("bltasset00000003"));
    }

    @Test
    void startPersistent_unreadableState_saysWhatToDo() throws Exception {
        Path state = dir.resolve("simulator.json");
        Files.writeString(state, "{not json");

        assertThatThrownBy(() -> ContentstackSimulator.startPersistent(state, TOKEN, 10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(state.toString())
                .hasMessageContaining("move it away");
    }

    @ParameterizedTest
    @ValueSource(strings = {"signingKeyPem=\"not a key\"",
            "signingKeyPem=\"-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\"",
            "assets=[null]", "assets=[{}]", "webhooks=[null]", "stacks={\"bltx\":null}"})
    void startPersistent_damagedField_saysWhatToDoAndServesNothing(String damage) throws Exception {
        Path state = dir.resolve("simulator.json");
        ContentstackSimulator.startPersistent(state, TOKEN, 10).close();
        String field = damage.substring(0, damage.indexOf('='));
        ObjectNode saved = (ObjectNode) JSON.readTree(Files.readAllBytes(state));
        saved.set(field, JSON.readTree(damage.substring(field.length() + 1).getBytes(StandardCharsets.UTF_8)));
        Files.writeString(state, JSON.write(saved));

        assertThatThrownBy(() -> simulator = ContentstackSimulator.startPersistent(state, TOKEN, 10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(state.toString())
                .hasMessageContaining("move it away");
    }

    @Test
    void startPersistent_savedPortOutOfRange_takesAFreePort() throws Exception {
        Path state = dir.resolve("simulator.json");
        ContentstackSimulator.startPersistent(state, TOKEN, 10).close();
        ObjectNode saved = (ObjectNode) JSON.readTree(Files.readAllBytes(state));
        saved.put("port", 99_999);
        Files.writeString(state, JSON.write(saved));

        simulator = ContentstackSimulator.startPersistent(state, TOKEN, 10);

        assertThat(simulator.baseUrl().getPort()).isBetween(1, 65_535);
    }
}
