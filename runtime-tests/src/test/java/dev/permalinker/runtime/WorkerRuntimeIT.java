package dev.permalinker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.runtime.LambdaEvents.SqsRecord;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedAsset;
import dev.permalinker.testsupport.TelemetryLines;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.StreamSupport;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's shaded jar as Lambda runs it: AWS's runtime interface client loads the template's handler string,
 * delivers SQS FIFO events and reads the partial batch response the function returns.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerRuntimeIT {
    private static final String API_KEY = "bltruntimestack001";
    private static final String TOKEN = "runtime-test-management-token";
    private static final JsonCodec JSON = JsonCodec.create();

    private static SQSRestServer sqsServer;
    private static ContentstackSimulator cma;
    private static RuntimeApiEmulator runtimeApi;
    private static LambdaProcess worker;
    private static String dlqUrl;

    @BeforeAll
    static void start(@TempDir Path workDir) {
        sqsServer = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
        String endpoint = "http://127.0.0.1:" + sqsServer.waitUntilStarted().localAddress().getPort();
        dlqUrl = LocalQueues.createFifo(endpoint, "permalinker-dlq.fifo");
        cma = ContentstackSimulator.start(0, TOKEN, 100);
        cma.addStack(API_KEY);
        runtimeApi = new RuntimeApiEmulator();
        Map<String, String> env = new HashMap<>();
        env.put("CS_MANAGEMENTTOKEN", TOKEN);
        env.put("CS_CMA_URL", cma.baseUrl().toString());
        env.put("CS_CMA_TIMEOUT", "PT2S");
        env.put("DLQ_URL", dlqUrl);
        env.put("SQS_ENDPOINT", endpoint);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        worker = SynthesizedFunctions.get().function("WorkerFunction", "worker-function")
                .start(env, runtimeApi, workDir);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
        runtimeApi.close();
        cma.close();
        sqsServer.stopAndWait();
    }

    @Test
    void successBatch_everyAssetWrittenAndNoFailures() throws Exception {
        List<SqsRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SimulatedAsset asset = cma.createAsset(API_KEY, "bltrtok" + i, "ok " + i + ".png", "image/png");
            records.add(record("ok-" + i, asset));
        }

        JsonNode response = invoke(records);

        assertThat(failedIds(response)).isEmpty();
        for (int i = 0; i < 3; i++) {
            // The template deploys CS_REGION=EU; the simulated asset's URL is on an NA host, which is never copied.
            assertThat(cma.permanentUrl(API_KEY, "bltrtok" + i))
                    .isEqualTo("https://eu-images.contentstack.com/v3/assets/" + API_KEY + "/bltrtok" + i + "/ok_" + i
                            + ".png");
            assertThat(cma.writesFor("bltrtok" + i)).isEqualTo(1);
        }
    }

    @Test
    void cmaKeepsFailing_exactlyTheFailedMessagesReported() throws Exception {
        SimulatedAsset good = cma.createAsset(API_KEY, "bltrtgood", "good.png", "image/png");
        SimulatedAsset broken = cma.createAsset(API_KEY, "bltrtbroken", "broken.png", "image/png");
        cma.forceStatus(broken.uid(), 503);

        JsonNode response = invoke(List.of(record("broken-1", broken), record("good-1", good)));

        assertThat(failedIds(response)).containsExactly("broken-1");
        assertThat(cma.writesFor(good.uid())).isEqualTo(1);
        assertThat(cma.permanentUrl(API_KEY, broken.uid())).isNull();
    }

    @Test
    void mixedBatchAcrossGroups_failureStopsOnlyItsOwnGroup() throws Exception {
        SimulatedAsset failing = cma.createAsset(API_KEY, "bltrtmixfail", "fail.png", "image/png");
        SimulatedAsset other = cma.createAsset(API_KEY, "bltrtmixok", "fine.pdf", "application/pdf");
        cma.forceStatus(failing.uid(), 500);

        JsonNode response = invoke(List.of(
                record("a-1", failing), record("b-1", other), record("a-2", failing), record("b-2", other)));

        // a-2 comes after a failed message of its group: reported failed unprocessed, in batch order.
        assertThat(failedIds(response)).containsExactly("a-1", "a-2");
        assertThat(cma.writesFor(other.uid())).isEqualTo(1);
        assertThat(cma.putCallsFor(other.uid())).isEqualTo(1);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void output_everyLineJsonWithTheContractFieldsMetricsAndNoToken() {
        String output = worker.output();
        TelemetryLines lines = TelemetryLines.parse(output, RuntimeOutput::isJvmNotice);

        JsonNode written = lines.logs().stream().filter(l -> l.path("outcome").asText().equals("written"))
                .findFirst().orElseThrow(() -> new AssertionError("no written line in:\n" + output));
        for (String field : List.of("level", "message", "assetUid", "messageId", "attempt", "durationMs",
                "requestId")) {
            assertThat(written.has(field)).as("%s in %s", field, written).isTrue();
        }
        assertThat(lines.logs()).anySatisfy(l -> assertThat(l.path("outcome").asText()).isEqualTo("retry"));
        assertThat(lines.sum("Jobs", "Outcome", "written")).isGreaterThanOrEqualTo(5);
        assertThat(lines.sum("Jobs", "Outcome", "retry")).isGreaterThanOrEqualTo(2);
        assertThat(lines.sum("CmaCalls", "StatusClass", "2xx")).isGreaterThanOrEqualTo(5);
        assertThat(lines.sum("CmaCalls", "StatusClass", "5xx")).isGreaterThanOrEqualTo(2);
        assertThat(lines.metricKeys()).contains("CmaLatency[Service]", "TimeToPermanentUrl[Service]");
        assertThat(output).doesNotContain(TOKEN);
    }

    private static SqsRecord record(String messageId, SimulatedAsset asset) {
        PermalinkJob job = new PermalinkJob(PermalinkJob.VERSION, API_KEY, "main", asset.uid(), asset.filename(),
                asset.url(), asset.contentType(), Instant.now().toString(), Instant.now().toString());
        return new SqsRecord(messageId, job.messageGroupId(), JSON.write(job));
    }

    private static JsonNode invoke(List<SqsRecord> records) throws Exception {
        RuntimeApiEmulator.Answer answer;
        try {
            answer = runtimeApi.invoke(LambdaEvents.sqs(records), Duration.ofSeconds(60));
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within 60 s; process output:%n" + worker.output(), e);
        }
        assertThat(answer.error()).as("the function reported an error: %s %s%nprocess output:%n%s",
                answer.errorType(), answer.body(), worker.output()).isFalse();
        return LambdaEvents.parse(answer.body());
    }

    private static List<String> failedIds(JsonNode response) {
        assertThat(response.has("batchItemFailures")).as("partial batch response: %s", response).isTrue();
        return StreamSupport.stream(response.get("batchItemFailures").spliterator(), false)
                .map(failure -> failure.get("itemIdentifier").asText()).toList();
    }
}
