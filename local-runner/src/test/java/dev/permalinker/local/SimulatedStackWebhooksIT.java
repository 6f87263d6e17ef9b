package dev.permalinker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.permalinker.ingest.IngestService;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedExecution;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code serve --simulate}'s wiring: an upload to the simulated stack reaches the pipeline through its webhook. */
class SimulatedStackWebhooksIT {
    private static final String API_KEY = "bltlocalstack00001";
    private static final String TOKEN = "simulated-management-token";

    private final HttpClient http = HttpClient.newHttpClient();
    private ContentstackSimulator cma;
    private LocalPipeline pipeline;

    @AfterEach
    void stop() throws InterruptedException {
        if (pipeline != null) {
            pipeline.close();
        }
        if (cma != null) {
            cma.close();
        }
    }

    @Test
    void register_uploadToSimulatedStack_deliveredSignedAndWrittenOnce() throws Exception {
        cma = ContentstackSimulator.start(0, TOKEN, 200);
        cma.addStack(API_KEY);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CS_APIKEY", API_KEY);
        env.put("CS_SECRET", "header-secret");
        env.put("CS_SIGNING_KEY_URL", cma.signingKeyUrl().toString());
        env.put("CS_MANAGEMENTTOKEN", TOKEN);
        env.put("CS_CMA_URL", cma.baseUrl().toString());
        env.put("CS_RATE_LIMIT", "200");
        pipeline = LocalPipeline.start(new LocalConfig("127.0.0.1", 0, 0, 5, 2, 5), env);

        SimulatedStackWebhooks.register(cma, env, pipeline.ingestUrl().resolve(IngestService.PATH).toString());
        HttpResponse<String> upload = http.send(multipartUpload("team photo.png"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        String uid = cma.assets().get(0).uid();
        await().atMost(Duration.ofSeconds(30)).until(() -> cma.permanentUrl(API_KEY, uid) != null);
        assertThat(cma.writesFor(uid)).isEqualTo(1);
        List<SimulatedExecution> executions = cma.executions();
        assertThat(executions).hasSize(1);
        assertThat(executions.get(0).assetUid()).isEqualTo(uid);
        assertThat(executions.get(0).status()).isEqualTo(202);
        assertThat(SimulatedStackWebhooks.uploadHint(cma, env)).contains(API_KEY, cma.baseUrl() + "/v3/assets");
    }

    @Test
    void register_bearerMode_deliveredWithTheTokenAndWrittenOnce() throws Exception {
        cma = ContentstackSimulator.start(0, TOKEN, 200);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CS_APIKEY", API_KEY);
        env.put("CS_SIGNATURE_METHOD", "none");
        env.put("CS_BEARER_TOKEN", "bearer-for-the-ingest");
        env.put("CS_MANAGEMENTTOKEN", TOKEN);
        env.put("CS_CMA_URL", cma.baseUrl().toString());
        env.put("CS_RATE_LIMIT", "200");
        pipeline = LocalPipeline.start(new LocalConfig("127.0.0.1", 0, 0, 5, 2, 5), env);

        SimulatedStackWebhooks.register(cma, env, pipeline.ingestUrl().resolve(IngestService.PATH).toString());
        HttpResponse<String> upload = http.send(multipartUpload("bearer.png"), HttpResponse.BodyHandlers.ofString());

        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        String uid = cma.assets().get(0).uid();
        await().atMost(Duration.ofSeconds(30)).until(() -> cma.permanentUrl(API_KEY, uid) != null);
        assertThat(cma.executions().get(0).attempts().get(0).status()).isEqualTo(202);
    }

    @Test
    void register_again_updatesTheWebhookInsteadOfAddingOne() {
        cma = ContentstackSimulator.start(0, TOKEN, 200);
        Map<String, String> env = Map.of("CS_APIKEY", API_KEY, "CS_SECRET", "first");
        SimulatedStackWebhooks.register(cma, env, "http://127.0.0.1:1/webhooks/contentstack");

        SimulatedStackWebhooks.register(cma, Map.of("CS_APIKEY", API_KEY, "CS_SECRET", "second"),
                "http://127.0.0.1:2/webhooks/contentstack");

        assertThat(cma.webhooks()).hasSize(1);
        assertThat(cma.webhooks().get(0).spec().targetUrl()).isEqualTo("http://127.0.0.1:2/webhooks/contentstack");
        assertThat(cma.webhooks().get(0).spec().customHeaders()).containsEntry("secret", "second");
    }

    private HttpRequest multipartUpload(String filename) {
        String boundary = "permalinker-test-boundary";
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"asset[upload]\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: image/png\r\n\r\n"
                + "not really a png\r\n"
                + "--" + boundary + "--\r\n";
        return HttpRequest.newBuilder(cma.baseUrl().resolve("/v3/assets"))
                .header("api_key", API_KEY)
                .header("authorization", TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }
}
