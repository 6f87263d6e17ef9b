package dev.permalinker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.ReleaseAction;
import dev.permalinker.runtime.LambdaEvents.SqsRecord;
import dev.permalinker.testsupport.TelemetryLines;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The release-actions consumer's shaded jar as Lambda runs it: AWS's runtime interface client loads the handler
 * string of the template synthesized with a build hook, delivers SQS FIFO events of the actions queue and reads the
 * partial batch response.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActionsRuntimeIT {
    private static final String API_KEY = "bltruntimestack001";
    private static final String HOOK_SECRET = "runtime-hook-secret-value";
    private static final JsonCodec JSON = JsonCodec.create();

    private static SQSRestServer sqsServer;
    private static HttpServer hook;
    private static final List<String> hookCalls = new CopyOnWriteArrayList<>();
    private static final List<String> hookSecrets = new CopyOnWriteArrayList<>();
    private static RuntimeApiEmulator runtimeApi;
    private static LambdaProcess actions;
    private static String queueUrl;
    private static String endpoint;

    @BeforeAll
    static void start(@TempDir Path workDir) throws IOException {
        sqsServer = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
        endpoint = "http://127.0.0.1:" + sqsServer.waitUntilStarted().localAddress().getPort();
        queueUrl = LocalQueues.createFifo(endpoint, "permalinker-actions.fifo");
        String dlqUrl = LocalQueues.createFifo(endpoint, "permalinker-actions-dlq.fifo");
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hooks/build", exchange -> {
            hookCalls.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            hookSecrets.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Permalinker-Secret")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        runtimeApi = new RuntimeApiEmulator();
        Map<String, String> env = new HashMap<>();
        env.put("ACTIONS_QUEUE_URL", queueUrl);
        env.put("ACTIONS_DLQ_URL", dlqUrl);
        env.put("SQS_ENDPOINT", endpoint);
        env.put("RELEASE_HOOK_URL", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hooks/build");
        env.put("RELEASE_HOOK_SECRET", HOOK_SECRET);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        actions = SynthesizedFunctions.withReleaseActions().function("ActionsFunction", "actions-function")
                .start(env, runtimeApi, workDir);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (actions != null) {
            actions.close();
        }
        runtimeApi.close();
        hook.stop(0);
        sqsServer.stopAndWait();
    }

    @Test
    void quietRelease_hookCalledOnceAndNothingKept() throws Exception {
        // Seen two minutes ago: past the template's quiet period (RELEASE_DEBOUNCE=PT60S).
        ReleaseAction action = ReleaseAction.release(API_KEY, "main", "bltrtrelease01", "Runtime", "production",
                Instant.now().minusSeconds(120));

        JsonNode response = invoke(List.of(new SqsRecord("q-1", action.messageGroupId(), JSON.write(action))));

        assertThat(failedIds(response)).isEmpty();
        assertThat(hookCalls).singleElement().satisfies(body -> assertThat(body).contains("bltrtrelease01"));
        assertThat(hookSecrets).containsExactly(HOOK_SECRET);
    }

    @Test
    void severalMessagesOfARelease_oneSummarySentToTheQueueNoHookCall() throws Exception {
        Instant seen = Instant.now().minusSeconds(120);
        ReleaseAction first = ReleaseAction.release(API_KEY, "main", "bltrtrelease02", "Two", "production", seen);
        ReleaseAction second = ReleaseAction.release(API_KEY, "main", "bltrtrelease02", "Two", "production",
                seen.plusSeconds(5));
        int callsBefore = hookCalls.size();

        JsonNode response = invoke(List.of(new SqsRecord("s-1", first.messageGroupId(), JSON.write(first)),
                new SqsRecord("s-2", second.messageGroupId(), JSON.write(second))));

        assertThat(failedIds(response)).isEmpty();
        assertThat(hookCalls).hasSize(callsBefore);
        try (SqsClient sqs = LocalQueues.client(endpoint)) {
            List<Message> summary = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10))
                    .messages();
            assertThat(summary).singleElement().satisfies(m -> {
                ReleaseAction collapsed = JSON.read(m.body(), ReleaseAction.class);
                assertThat(collapsed.events()).isEqualTo(2);
                assertThat(collapsed.firstSeenAt()).isEqualTo(seen.toString());
                assertThat(collapsed.lastSeenAt()).isEqualTo(seen.plusSeconds(5).toString());
            });
        }
    }

    @Test
    void releaseNotQuietYet_keptForLater() throws Exception {
        ReleaseAction action = ReleaseAction.release(API_KEY, "main", "bltrtrelease03", "Busy", "production",
                Instant.now());
        int callsBefore = hookCalls.size();

        JsonNode response = invoke(List.of(new SqsRecord("b-1", action.messageGroupId(), JSON.write(action))));

        assertThat(failedIds(response)).containsExactly("b-1");
        assertThat(hookCalls).hasSize(callsBefore);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void output_everyLineJsonMetricsAndNoSecret() {
        String output = actions.output();
        TelemetryLines lines = TelemetryLines.parse(output, RuntimeOutput::isJvmNotice);

        assertThat(lines.logs()).anySatisfy(l -> assertThat(l.path("outcome").asText()).isEqualTo("sent"));
        assertThat(lines.sum("ReleaseActions", "Outcome", "sent")).isGreaterThanOrEqualTo(1);
        assertThat(output).doesNotContain(HOOK_SECRET).doesNotContain("/hooks/build");
    }

    private static JsonNode invoke(List<SqsRecord> records) throws Exception {
        RuntimeApiEmulator.Answer answer;
        try {
            answer = runtimeApi.invoke(LambdaEvents.sqs(records), Duration.ofSeconds(60));
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within 60 s; process output:%n" + actions.output(), e);
        }
        assertThat(answer.error()).as("the function reported an error: %s %s%nprocess output:%n%s",
                answer.errorType(), answer.body(), actions.output()).isFalse();
        return LambdaEvents.parse(answer.body());
    }

    private static List<String> failedIds(JsonNode response) {
        assertThat(response.has("batchItemFailures")).as("partial batch response: %s", response).isTrue();
        return StreamSupport.stream(response.get("batchItemFailures").spliterator(), false)
                .map(failure -> failure.get("itemIdentifier").asText()).toList();
    }
}
