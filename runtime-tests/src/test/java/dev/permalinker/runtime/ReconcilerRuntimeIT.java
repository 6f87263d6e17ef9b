package dev.permalinker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.WebhookSpec;
import dev.permalinker.testsupport.TelemetryLines;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The reconciler's shaded jar as Lambda runs it: AWS's runtime interface client loads the template's handler string
 * with the template's environment, and the function answers an EventBridge scheduled event: it queues the asset no
 * webhook brought to ElasticMQ and watches the simulated stack's webhook.
 */
class ReconcilerRuntimeIT {
    private static final String API_KEY = "bltruntimestack001";
    private static final String TOKEN = "runtime-test-management-token";
    private static final String INGEST = "https://abc.execute-api.eu-west-1.amazonaws.com/webhooks/contentstack";
    private static final JsonCodec JSON = JsonCodec.create();

    private static SQSRestServer sqsServer;
    private static String endpoint;
    private static ContentstackSimulator cma;
    private static RuntimeApiEmulator runtimeApi;
    private static LambdaProcess reconciler;
    private static String queueUrl;
    private static SynthesizedFunctions.DeployedFunction deployed;

    @BeforeAll
    static void start(@TempDir Path workDir) {
        sqsServer = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
        endpoint = "http://127.0.0.1:" + sqsServer.waitUntilStarted().localAddress().getPort();
        queueUrl = LocalQueues.createFifo(endpoint, "permalinker-jobs.fifo");
        cma = ContentstackSimulator.start(0, TOKEN, 100);
        cma.createAsset(API_KEY, "bltrtmissed001", "missed.png", "image/png", Instant.now().minus(Duration.ofHours(2)));
        // Added after the upload: the simulator would deliver its webhook to a URL nothing answers.
        cma.addWebhook(API_KEY, WebhookSpec.assetCreations("Permalinker", INGEST));
        runtimeApi = new RuntimeApiEmulator();
        Map<String, String> env = new HashMap<>();
        // The template's references (token secret, queue, the API's URL) exist only once deployed: the test's own.
        env.put("CS_MANAGEMENTTOKEN", TOKEN);
        env.put("CS_CMA_URL", cma.baseUrl().toString());
        env.put("QUEUE_URL", queueUrl);
        env.put("PUBLIC_WEBHOOK_URL", INGEST);
        env.put("SQS_ENDPOINT", endpoint);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "ReconcilerFunction");
        deployed = SynthesizedFunctions.get().function("ReconcilerFunction", "reconciler-function");
        reconciler = deployed.start(env, runtimeApi, workDir);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (reconciler != null) {
            reconciler.close();
        }
        runtimeApi.close();
        cma.close();
        sqsServer.stopAndWait();
    }

    @Test
    void scheduledEvent_queuesTheMissedAssetWatchesTheWebhookAndLogsJsonWithoutTheToken() throws Exception {
        assertThat(deployed.handler()).isEqualTo("dev.permalinker.reconcile.function.ReconcilerHandler::handleRequest");
        assertThat(deployed.environment()).containsEntry("CS_APIKEY", API_KEY).containsEntry("CS_REGION", "EU")
                .containsKey("METRICS_SERVICE");

        JsonNode summary = invoke();

        assertThat(summary.path("queued").asInt()).as("summary %s", summary).isEqualTo(1);
        assertThat(summary.path("reads").asInt()).isEqualTo(2);
        assertThat(summary.path("webhooks").get(0).path("healthy").asBoolean()).isTrue();
        assertThat(summary.path("problems")).isEmpty();
        try (SqsClient sqs = LocalQueues.client(endpoint)) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)).messages();
            assertThat(messages).hasSize(1);
            PermalinkJob job = JSON.read(messages.get(0).body(), PermalinkJob.class);
            assertThat(job.assetUid()).isEqualTo("bltrtmissed001");
            assertThat(messages.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                    .isEqualTo(PermalinkJob.deduplicationId(API_KEY, "main", "bltrtmissed001"));
        }

        String output = reconciler.output();
        TelemetryLines lines = TelemetryLines.parse(output, RuntimeOutput::isJvmNotice);
        assertThat(lines.logs()).anySatisfy(l -> {
            assertThat(l.path("outcome").asText()).isEqualTo("reconcile_queued");
            assertThat(l.path("assetUid").asText()).isEqualTo("bltrtmissed001");
            assertThat(l.has("requestId")).isTrue();
        });
        assertThat(lines.logs()).anySatisfy(l -> assertThat(l.path("outcome").asText()).isEqualTo("webhook_healthy"));
        assertThat(lines.sum("ReconcileQueued", null, null)).isEqualTo(1);
        assertThat(output).doesNotContain(TOKEN);
    }

    private static JsonNode invoke() throws Exception {
        RuntimeApiEmulator.Answer answer;
        try {
            answer = runtimeApi.invoke(LambdaEvents.scheduled(), Duration.ofSeconds(60));
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within 60 s; process output:%n" + reconciler.output(), e);
        }
        assertThat(answer.error()).as("the function reported an error: %s %s%nprocess output:%n%s",
                answer.errorType(), answer.body(), reconciler.output()).isFalse();
        return LambdaEvents.parse(answer.body());
    }
}
