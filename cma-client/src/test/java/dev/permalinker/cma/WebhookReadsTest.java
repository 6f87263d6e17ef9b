package dev.permalinker.cma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading webhook lists and executions: the documented shapes, unknown and missing fields, and bad answers. */
class WebhookReadsTest {
    private static final JsonCodec JSON = JsonCodec.create();
    private static final String API_URL = "https://abc.execute-api.us-east-1.amazonaws.com/webhooks/contentstack";

    private static CmaResponse answer(int status, String body) {
        return CmaResponse.of(status, body, JSON);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = WebhookReadsTest.class.getResourceAsStream("/webhooks/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void webhooksOf_documentedSampleWithUnknownFields_readsEveryWebhook() throws Exception {
        List<Webhook> webhooks = StackWebhooks.webhooksOf("GET /v3/webhooks",
                answer(200, resource("webhooks-documented.json")));

        assertThat(webhooks).hasSize(4);
        Webhook sample = webhooks.get(0);
        assertThat(sample.uid()).isEqualTo("cs00002e-b24f-46c0-b087-ba0000000019");
        assertThat(sample.channels()).containsExactly("assets.create");
        assertThat(sample.targetUrls()).containsExactly("http://example.com");
        assertThat(sample.retryPolicy()).isEqualTo("manual");
        assertThat(sample.concisePayload()).isTrue();
        assertThat(sample.unhealthy()).as("no unhealthy object: false").isFalse();
        assertThat(sample.branches()).isEmpty();
        assertThat(sample.createdAt()).contains(Instant.parse("2024-07-11T06:09:00.827Z"));

        Webhook ours = webhooks.get(1);
        assertThat(ours.disabled()).isTrue();
        assertThat(ours.unhealthy()).isTrue();
        assertThat(ours.branches()).containsExactly("main", "develop");
        assertThat(ours.updatedAt()).as("an unreadable date is absent, not an error").isEmpty();
        assertThat(ours.deliversTo("HTTPS://ABC.execute-api.us-east-1.amazonaws.com/webhooks/contentstack/")).isTrue();
        assertThat(ours.deliversTo(API_URL + "/other")).isFalse();

        Webhook empty = webhooks.get(3);
        assertThat(empty.uid()).isEmpty();
        assertThat(empty.channels()).isEmpty();
        assertThat(empty.retriesAutomatically()).isFalse();
    }

    @Test
    void executionsOf_documentedShape_readsAttemptsStatusesAndEvent() throws Exception {
        List<WebhookExecution> executions = StackWebhooks.executionsOf("GET executions",
                answer(200, resource("executions.json")));

        assertThat(executions).hasSize(3);
        WebhookExecution failed = executions.get(0);
        assertThat(failed.status()).isEqualTo(401);
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.retryCount()).isEqualTo(2);
        assertThat(failed.attempts()).extracting(WebhookExecution.Attempt::statusCode).containsExactly(503, 0, 401);
        assertThat(failed.attempts()).extracting(WebhookExecution.Attempt::retryNumber).containsExactly(0, 1, 2);
        assertThat(failed.assetUid()).contains("blt0a1b2c3d4e5f6789");
        assertThat(failed.apiKey()).contains("blt5d4f1e2a3b6c7d80");
        assertThat(failed.channels()).containsExactly("assets.create");

        WebhookExecution delivered = executions.get(1);
        assertThat(delivered.succeeded()).as("a status given as text").isTrue();
        assertThat(delivered.channels()).as("a channel given as one string").containsExactly("assets.create");
        assertThat(delivered.attempts()).isEmpty();

        WebhookExecution garbage = executions.get(2);
        assertThat(garbage.createdAt()).isEmpty();
        assertThat(garbage.status()).isZero();
        assertThat(garbage.assetUid()).isEmpty();
        assertThat(garbage.eventData().isMissingNode()).isTrue();

        assertThat(executions.stream().sorted(WebhookExecution.FAILED_FIRST).map(WebhookExecution::uid))
                .as("failed first, newest first, an unknown time last").containsExactly("blx1", "blx3", "blx2");
    }

    @Test
    void executionsOf_referenceSampleNetworkError_keepsCodeMessageAndUnknownStatus() throws Exception {
        List<WebhookExecution> executions = StackWebhooks.executionsOf("GET executions",
                answer(200, resource("executions-network-error.json")));

        WebhookExecution reset = executions.get(0);
        assertThat(reset.status()).as("\"status\": null").isZero();
        assertThat(reset.succeeded()).isFalse();
        assertThat(reset.statusShown()).isEqualTo("ECONNRESET");
        assertThat(reset.retryCount()).isEqualTo(3);
        WebhookExecution.Attempt first = reset.attempts().get(0);
        assertThat(first.statusCode()).isZero();
        assertThat(first.errorCode()).contains("ECONNRESET");
        assertThat(first.message()).contains("read ECONNRESET");
        assertThat(first.at()).contains(Instant.parse("2026-11-21T08:00:00.100Z"));
        assertThat(first.outcome()).isEqualTo("ECONNRESET (read ECONNRESET)");
        assertThat(reset.attempts().get(1).outcome()).isEqualTo("ETIMEDOUT (connect ETIMEDOUT 203.0.113.7:443)");
        assertThat(reset.attempts().get(2).outcome()).as("a message without a code").isEqualTo(
                "no answer (read ECONNRESET)");

        WebhookExecution unavailable = executions.get(1);
        assertThat(unavailable.statusShown()).isEqualTo("503");
        assertThat(unavailable.attempts().get(0).bodyLine())
                .contains("<html><head><title>503 Service Temporarily Unavailable</title></head>");
        assertThat(unavailable.attempts().get(0).outcome()).startsWith("503 \"<html>");

        WebhookExecution silent = executions.get(2);
        assertThat(silent.statusShown()).as("nothing logged: unknown, never success").isEqualTo("unknown");
        assertThat(silent.succeeded()).isFalse();
        assertThat(silent.attempts().get(0).outcome()).isEqualTo("unknown");
    }

    @Test
    void fromJson_bodyWithControlCharacters_oneCleanBoundedLine() throws Exception {
        String body = "\\u001b[31mred\\r\\nsecond line" + "x".repeat(400);
        WebhookExecution execution = WebhookExecution.fromJson(JSON.readTree(("{\"request_details\":[{\"response\":"
                + "{\"statusCode\":404,\"body\":\"" + body + "\"}}]}").getBytes(StandardCharsets.UTF_8)));

        assertThat(execution.attempts().get(0).bodyLine()).contains("[31mred");
        assertThat(execution.status()).as("no status: the last attempt's").isEqualTo(404);
    }

    @Test
    void fromJson_notifiers_arrayOrCommaSeparatedString() throws Exception {
        Webhook listed = Webhook.fromJson(JSON.readTree("{\"notifiers\":[\"a@example.com\",\"b@example.com\"]}"
                .getBytes(StandardCharsets.UTF_8)));
        Webhook string = Webhook.fromJson(JSON.readTree("{\"notifiers\":\"a@example.com, b@example.com\"}"
                .getBytes(StandardCharsets.UTF_8)));
        Webhook none = Webhook.fromJson(JSON.readTree("{\"notifiers\":[]}".getBytes(StandardCharsets.UTF_8)));

        assertThat(listed.notifiers()).containsExactly("a@example.com", "b@example.com");
        assertThat(string.notifiers()).containsExactly("a@example.com", "b@example.com");
        assertThat(none.notifiers()).isEmpty();
    }

    @Test
    void webhooksOf_bodyWithoutArray_unexpectedShape() {
        assertThatThrownBy(() -> StackWebhooks.webhooksOf("GET /v3/webhooks", answer(200, "{\"webhook\":{}}")))
                .isInstanceOfSatisfying(CmaAnswerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CmaAnswerException.Kind.UNEXPECTED_SHAPE);
                    assertThat(e.status()).isEqualTo(200);
                    assertThat(e.getMessage()).contains("GET /v3/webhooks").contains("\"webhooks\" array");
                });
        assertThatThrownBy(() -> StackWebhooks.webhooksOf("GET /v3/webhooks", answer(200, "[]")))
                .isInstanceOfSatisfying(CmaAnswerException.class,
                        e -> assertThat(e.kind()).isEqualTo(CmaAnswerException.Kind.UNEXPECTED_SHAPE));
        assertThatThrownBy(() -> StackWebhooks.webhooksOf("GET /v3/webhooks", answer(200, "{\"webhooks\":{}}")))
                .isInstanceOf(CmaAnswerException.class);
    }

    @Test
    void webhooksOf_notJsonOrEmpty_notJson() {
        for (String body : new String[] {"<html>gateway</html>", "", "{\"webhooks\":[", null}) {
            assertThatThrownBy(() -> StackWebhooks.webhooksOf("GET /v3/webhooks", answer(200, body)))
                    .isInstanceOfSatisfying(CmaAnswerException.class,
                            e -> assertThat(e.kind()).isEqualTo(CmaAnswerException.Kind.NOT_JSON));
        }
    }

    @Test
    void executionsOf_refusal_refusedWithStatusAndErrorCode() {
        assertThatThrownBy(() -> StackWebhooks.executionsOf("GET executions", answer(401,
                "{\"error_message\":\"You're not allowed in here unless you're logged in.\",\"error_code\":105}")))
                .isInstanceOfSatisfying(CmaAnswerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CmaAnswerException.Kind.REFUSED);
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.errorCode()).hasValue(105);
                    assertThat(e.getMessage()).contains("401").contains("error_code 105");
                });
        assertThatThrownBy(() -> StackWebhooks.executionsOf("GET executions", answer(502, "bad gateway")))
                .isInstanceOfSatisfying(CmaAnswerException.class,
                        e -> assertThat(e.kind()).isEqualTo(CmaAnswerException.Kind.REFUSED));
    }

    @Test
    void fromJson_mistypedFields_defaultsNeverThrows() throws Exception {
        Webhook webhook = Webhook.fromJson(JSON.readTree(("{\"uid\":7,\"channels\":\"assets.create\","
                + "\"destinations\":\"x\",\"disabled\":\"true\",\"unhealthy\":true,\"branches\":[null,\"main\"]}")
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(webhook.uid()).isEqualTo("7");
        assertThat(webhook.deliversAssetCreations()).isTrue();
        assertThat(webhook.targetUrls()).isEmpty();
        assertThat(webhook.disabled()).isTrue();
        assertThat(webhook.unhealthy()).as("unhealthy must be an object with state").isFalse();
        assertThat(webhook.branches()).containsExactly("main");
        assertThat(Optional.of(webhook).map(Webhook::delivering)).contains(false);
    }
}
