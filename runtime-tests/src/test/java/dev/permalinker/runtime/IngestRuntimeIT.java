package dev.permalinker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.WebhookPayloads;
import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SigningKeys;
import dev.permalinker.testsupport.TelemetryLines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The ingest's shaded jar as Lambda runs it: AWS's runtime interface client loads the template's handler string
 * and delivers API Gateway HTTP API payload 2.0 events; the job lands on ElasticMQ.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestRuntimeIT {
    private static final String API_KEY = "bltruntimestack001";
    private static final String SECRET = "runtime-test-webhook-secret-7f3a";
    private static final JsonCodec JSON = JsonCodec.create();

    private static SQSRestServer sqsServer;
    private static ContentstackSimulator contentstack;
    private static String endpoint;
    private static String queueUrl;
    private static RuntimeApiEmulator runtimeApi;
    private static LambdaProcess ingest;
    /** Every signature the tests sent: none may appear in the output. */
    private static final List<String> SIGNATURES = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(@TempDir Path workDir) {
        sqsServer = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
        endpoint = "http://127.0.0.1:" + sqsServer.waitUntilStarted().localAddress().getPort();
        queueUrl = LocalQueues.createFifo(endpoint, "permalinker-jobs.fifo");
        contentstack = ContentstackSimulator.start(0, "unused-token", 10);
        runtimeApi = new RuntimeApiEmulator();
        ingest = function().start(env(true), runtimeApi, workDir);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (ingest != null) {
            ingest.close();
        }
        runtimeApi.close();
        contentstack.close();
        sqsServer.stopAndWait();
    }

    private static SynthesizedFunctions.DeployedFunction function() {
        return SynthesizedFunctions.get().function("IngestFunction", "ingest-function");
    }

    private static Map<String, String> env(boolean withQueue) {
        Map<String, String> env = new HashMap<>();
        // The template's method is Contentstack's certificate; its app host is the simulator here.
        env.put("CS_SIGNING_KEY_URL", contentstack.signingKeyUrl().toString());
        env.put("CS_SECRET", SECRET);
        env.put("SQS_ENDPOINT", endpoint);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        if (withQueue) {
            env.put("QUEUE_URL", queueUrl);
        }
        return env;
    }

    @Test
    void signedAssetCreation_202AndTheJobOnTheQueue() throws Exception {
        byte[] body = webhook("bltrtingest001");

        JsonNode response = invoke(LambdaEvents.httpApi(body, headers(SECRET, body), false));

        assertThat(response.get("statusCode").asInt()).isEqualTo(202);
        assertThat(response.path("headers").path("Content-Type").asText()).isEqualTo("application/json");
        assertThat(LambdaEvents.parse(response.get("body").asText()).path("status").asText()).isEqualTo("queued");
        Message message = receiveOne();
        assertThat(JSON.read(message.body(), PermalinkJob.class).assetUid()).isEqualTo("bltrtingest001");
        assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).isEqualTo("bltrtingest001");
    }

    @Test
    void base64Body_decodedAndQueued() throws Exception {
        byte[] body = webhook("bltrtingest002");
        JsonNode response = invoke(LambdaEvents.httpApi(body, headers(SECRET, body), true));

        assertThat(response.get("statusCode").asInt()).isEqualTo(202);
        assertThat(JSON.read(receiveOne().body(), PermalinkJob.class).assetUid()).isEqualTo("bltrtingest002");
    }

    @Test
    void forgedSignature_401WithJsonErrorAndNothingQueued() throws Exception {
        byte[] body = webhook("bltrtingest003");
        Map<String, String> headers = new HashMap<>(headers(SECRET, body));
        headers.put("x-contentstack-request-signature",
                CertificateSignature.sign(new SigningKeys().current().getPrivate(), body));
        JsonNode response = invoke(LambdaEvents.httpApi(body, headers, false));

        assertThat(response.get("statusCode").asInt()).isEqualTo(401);
        assertThat(LambdaEvents.parse(response.get("body").asText()).path("error").path("code").asText())
                .isEqualTo("unauthenticated");
        try (SqsClient sqs = LocalQueues.client(endpoint)) {
            assertThat(sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages()).isEmpty();
        }
    }

    @Test
    void missingConfiguration_initErrorReportedWithoutTheSecret(@TempDir Path workDir) throws Exception {
        try (RuntimeApiEmulator api = new RuntimeApiEmulator();
             LambdaProcess broken = function().start(env(false), api, workDir)) {
            RuntimeApiEmulator.Answer error;
            try {
                error = api.initError(Duration.ofSeconds(30));
            } catch (TimeoutException e) {
                throw new AssertionError("no init error within 30 s; process output:%n" + broken.output(), e);
            }

            assertThat(error.body()).contains("QUEUE_URL").doesNotContain(SECRET);
            assertThat(broken.awaitExit(30)).as("the runtime exits after an init error").isNotEqualTo(0);
            assertThat(broken.output()).doesNotContain(SECRET);
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void output_everyLineJsonWithTheContractFieldsMetricsAndNoSecret() {
        String output = ingest.output();
        TelemetryLines lines = TelemetryLines.parse(output, RuntimeOutput::isJvmNotice);

        JsonNode queued = lines.logs().stream().filter(l -> l.path("outcome").asText().equals("queued"))
                .findFirst().orElseThrow(() -> new AssertionError("no queued line in:\n" + output));
        assertThat(queued.path("level").asText()).isEqualTo("INFO");
        assertThat(queued.path("assetUid").asText()).startsWith("bltrtingest");
        assertThat(queued.path("requestId").asText()).isNotBlank();
        assertThat(queued.has("durationMs")).isTrue();
        assertThat(lines.logs()).anySatisfy(l -> assertThat(l.path("errorCode").asText()).isEqualTo("unauthenticated"));
        assertThat(lines.sum("Webhooks", "Status", "202")).isGreaterThanOrEqualTo(2);
        assertThat(lines.sum("Webhooks", "Status", "401")).isGreaterThanOrEqualTo(1);
        assertThat(SIGNATURES).isNotEmpty();
        assertThat(output).doesNotContain(SECRET);
        SIGNATURES.forEach(signature -> assertThat(output).doesNotContain(signature.substring(3, 40)));
    }

    private static byte[] webhook(String uid) {
        return WebhookPayloads.assetCreated(JSON, API_KEY, uid, "runtime test.png",
                "https://eu-images.contentstack.com/v3/assets/" + API_KEY + "/" + uid + "/0/runtime_test.png",
                "image/png");
    }

    private static Map<String, String> headers(String secret, byte[] body) {
        String signature = contentstack.signCertificate(body);
        SIGNATURES.add(signature);
        return Map.of("content-type", "application/json", "secret", secret,
                "x-contentstack-request-signature", signature);
    }

    private static JsonNode invoke(String event) throws Exception {
        RuntimeApiEmulator.Answer answer;
        try {
            answer = runtimeApi.invoke(event, Duration.ofSeconds(60));
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within 60 s; process output:%n" + ingest.output(), e);
        }
        assertThat(answer.error()).as("the function reported an error: %s %s%nprocess output:%n%s",
                answer.errorType(), answer.body(), ingest.output()).isFalse();
        return LambdaEvents.parse(answer.body());
    }

    private static Message receiveOne() {
        try (SqsClient sqs = LocalQueues.client(endpoint)) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(5)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            assertThat(messages).hasSize(1);
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(messages.get(0).receiptHandle()));
            return messages.get(0);
        }
    }
}
