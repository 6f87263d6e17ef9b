package dev.permalinker.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.local.LocalConfig;
import dev.permalinker.local.LocalPipeline;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermanentUrl;
import dev.permalinker.model.Region;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedAsset;
import dev.permalinker.simulator.WebhookSpec;
import dev.permalinker.telemetry.JsonLogFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code permalinker-ops trace} against the local pipeline (ElasticMQ, ingest over HTTP, worker, simulated CMA), its
 * events copied as JSON lines into a data directory's {@code permalinker.log} the way {@code serve} keeps them.
 */
class TraceIT {
    private static final String API_KEY = "blttracestack00001";
    private static final String TOKEN = "trace-token";
    private static final String SECRET = "trace-secret";

    private final JsonCodec json = JsonCodec.create();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dataDir;
    private ContentstackSimulator cma;
    private LocalPipeline pipeline;
    private AutoCloseable eventLog;

    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void start() {
        eventLog = JsonLogFile.tapProcessLog(dataDir.resolve(JsonLogFile.SERVE_LOG), JsonLogFile.DEFAULT_MAX_BYTES);
        cma = ContentstackSimulator.start(0, TOKEN, 200);
        cma.addStack(API_KEY);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CS_APIKEY", API_KEY);
        env.put("CS_SIGNATURE_METHOD", "none");
        env.put("CS_SECRET", SECRET);
        env.put("CS_MANAGEMENTTOKEN", TOKEN);
        env.put("CS_CMA_URL", cma.baseUrl().toString());
        env.put("CS_RATE_LIMIT", "200");
        pipeline = LocalPipeline.start(new LocalConfig("127.0.0.1", 0, 0, 3, 2, 2), env);
    }

    @AfterEach
    void stop() throws Exception {
        pipeline.close();
        cma.close();
        eventLog.close();
    }

    private Run trace(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("QUEUE_URL", pipeline.sqs().queueUrl());
        env.put("DLQ_URL", pipeline.sqs().dlqUrl());
        env.put("CS_APIKEY", API_KEY);
        env.put("CS_MANAGEMENTTOKEN", TOKEN);
        env.put("CS_CMA_URL", cma.baseUrl().toString());
        List<String> all = new ArrayList<>(List.of("--endpoint-url", pipeline.sqs().endpoint().toString(), "trace",
                "--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OpsCli.run(all.toArray(String[]::new), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertThat(run.out() + run.err()).as("never a token or secret").doesNotContain(TOKEN).doesNotContain(SECRET);
        return run;
    }

    private JsonNode traceJson(String assetUid) throws Exception {
        Run run = trace(assetUid, "--json");
        return json.readTree(run.out().getBytes(StandardCharsets.UTF_8));
    }

    /** An asset-creation webhook as Contentstack sends it, through the ingest's HTTP endpoint. */
    private int webhook(SimulatedAsset asset) throws Exception {
        Map<String, Object> data = Map.of("asset", Map.of("uid", asset.uid(), "filename", asset.filename(),
                "url", asset.url(), "title", asset.filename(), "content_type", asset.contentType(),
                "file_size", "1024", "is_dir", false));
        String body = json.write(Map.of("module", "asset", "event", "create", "api_key", API_KEY,
                "triggered_at", Instant.now().toString(), "data", data));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create(pipeline.ingestUrl() + "/webhooks/contentstack"))
                .header("Content-Type", "application/json").header("secret", SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode();
    }

    /** Contentstack's webhook to our ingest, as a person would set it up; the simulator then delivers creations. */
    private void subscribe() {
        cma.addWebhook(API_KEY, WebhookSpec.assetCreations("Permalinker", pipeline.ingestUrl()
                + "/webhooks/contentstack").withCustomHeader("secret", SECRET));
    }

    private void awaitDelivered(String assetUid) {
        await().atMost(Duration.ofSeconds(30)).until(() -> cma.executions().stream()
                .anyMatch(e -> e.assetUid().equals(assetUid) && e.finished()));
    }

    private void awaitLogged(String assetUid, String outcome) {
        Path log = dataDir.resolve(JsonLogFile.SERVE_LOG);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log) && Files.readAllLines(log).stream()
                .anyMatch(line -> line.contains("\"assetUid\":\"" + assetUid + "\"")
                        && line.contains("\"outcome\":\"" + outcome + "\"")));
    }

    @Test
    void writtenNormally_ok_withTheDeliveryTheWebhookAndTheWriteInTheStory() throws Exception {
        subscribe();
        SimulatedAsset asset = cma.createAsset(API_KEY, "blttraceok0000001", "hero shot.png", "image/png");
        await().atMost(Duration.ofSeconds(30)).until(() -> cma.permanentUrl(API_KEY, asset.uid()) != null);
        awaitLogged(asset.uid(), "written");
        awaitDelivered(asset.uid());

        Run run = trace(asset.uid());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("verdict: ok")
                .contains("permanent_url " + PermanentUrl.of(API_KEY, asset.info(), Region.NA, null))
                .contains("(matches today's rule)")
                .containsPattern("contentstack\\s+webhook \"Permalinker\" sent: HTTP 202 \\(delivered\\)")
                .containsPattern("ingest\\s+webhook answered 202 queued, job queued")
                .containsPattern("worker\\s+permanent URL written \\(attempt 1\\)")
                .contains("nothing in the DLQ for it")
                .doesNotContain("not read:");
        assertThat(run.out().indexOf("webhook answered 202")).as("oldest first")
                .isLessThan(run.out().indexOf("permanent URL written"));
        JsonNode story = traceJson(asset.uid());
        assertThat(story.get("verdict").asText()).isEqualTo("ok");
        assertThat(story.at("/cma/matchesRule").asBoolean()).isTrue();
        assertThat(story.get("events")).extracting(e -> e.get("outcome").asText()).containsExactly("queued",
                "written");
        assertThat(story.at("/events/0/status").asInt()).isEqualTo(202);
        assertThat(story.at("/events/1/messageId").asText()).isNotBlank();
        assertThat(story.at("/executions/0/statusCode").asInt()).isEqualTo(202);
        assertThat(story.at("/executions/0/webhook").asText()).isEqualTo("Permalinker");
        assertThat(story.get("gaps").size()).isZero();
    }

    @Test
    void revokedToken_deadLetteredUnauthorized_withTheRedriveCommand() throws Exception {
        subscribe();
        cma.revokeToken();
        SimulatedAsset asset = cma.createAsset(API_KEY, "blttracedead00001", "report.pdf", "application/pdf");
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.sqs().depth(pipeline.sqs().dlqUrl()) == 1);
        awaitLogged(asset.uid(), "dead_lettered");

        Run run = trace(asset.uid());

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("verdict: dead-lettered: unauthorized")
                .contains("permalinker-ops dlq redrive --asset " + asset.uid()).doesNotContain("purge")
                .contains("in the DLQ: unauthorized")
                .containsPattern("worker\\s+dead-lettered: unauthorized")
                .contains("not read:      cma: the CMA refused to read the asset (HTTP 401): check the stack's "
                        + "API key");
        assertThat(pipeline.sqs().depth(pipeline.sqs().dlqUrl())).as("read-only: the dead letter stays").isEqualTo(1);

        cma.restoreToken();
        JsonNode story = traceJson(asset.uid());
        assertThat(story.get("verdict").asText()).isEqualTo("dead-lettered: unauthorized");
        assertThat(story.get("failureCode").asText()).isEqualTo("unauthorized");
        assertThat(story.at("/cma/exists").asBoolean()).isTrue();
        assertThat(story.at("/cma/permanentUrl").isNull()).isTrue();
        assertThat(story.at("/deadLetters/0/code").asText()).isEqualTo("unauthorized");
        assertThat(story.get("deadLetters").toString()).doesNotContain("receipt").doesNotContain(asset.url());
        assertThat(story.at("/executions/0/statusCode").asInt()).as("Contentstack's side: delivered")
                .isEqualTo(202);
    }

    @Test
    void queuedWhileTheWorkerIsStopped_waiting_withTheQueueDepth() throws Exception {
        assertThat(pipeline.worker().stop(Duration.ofSeconds(30))).isTrue();
        SimulatedAsset asset = cma.createAsset(API_KEY, "blttracewait00001", "later.png", "image/png");
        assertThat(webhook(asset)).isEqualTo(202);
        awaitLogged(asset.uid(), "queued");

        Run run = trace(asset.uid());

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("verdict: waiting").contains("queue 1 visible, 0 in flight")
                .contains("its job waits since").containsPattern("ingest\\s+webhook answered 202 queued");
    }

    @Test
    void noWebhook_neverReceived_suggestsBackfill() {
        SimulatedAsset asset = cma.createAsset(API_KEY, "blttracemiss00001", "forgotten.png", "image/png");

        Run run = trace(asset.uid());

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("verdict: never received").contains("permalinker-ops backfill --since")
                .contains("exists, created").contains("no permanent_url")
                .contains("contentstack:  no webhook execution mentions it");
    }

    @Test
    void deletedInTheStack_deleted() throws Exception {
        SimulatedAsset asset = cma.createAsset(API_KEY, "blttracegone00001", "old.png", "image/png");
        assertThat(webhook(asset)).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> cma.permanentUrl(API_KEY, asset.uid()) != null);
        awaitLogged(asset.uid(), "written");
        cma.deleteAsset(API_KEY, asset.uid());

        Run run = trace(asset.uid());

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("verdict: deleted").contains("CMA now:       not found")
                .contains("permanent URL written");
    }

    @Test
    void unknownUid_saysSoAndExits1_malformedUid_exits2() {
        Run unknown = trace("bltnosuchasset0001");

        assertThat(unknown.exit()).as(unknown.err()).isEqualTo(1);
        assertThat(unknown.out()).contains("verdict: not found")
                .contains("no asset bltnosuchasset0001 in stack " + API_KEY + " (branch main), and nothing about it");

        Run malformed = trace("blt../../etc");
        assertThat(malformed.exit()).isEqualTo(OpsCli.USAGE);
        assertThat(malformed.err()).contains("not an asset uid");
        assertThat(trace("x".repeat(65)).exit()).isEqualTo(OpsCli.USAGE);
        assertThat(trace("bltok", "--since", "yesterday").exit()).isEqualTo(OpsCli.USAGE);
        assertThat(trace().exit()).as("no uid").isEqualTo(OpsCli.USAGE);
    }
}
