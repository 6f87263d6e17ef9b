package dev.permalinker.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated webhook routes and the asset list's sorting, seen from a plain HTTP client. */
class WebhookRoutesIT {
    private static final String TOKEN = "token-1";
    private static final String KEY = "bltstack0000000001";
    private static final JsonCodec JSON = JsonCodec.create();
    private final ContentstackSimulator cma = ContentstackSimulator.start(0, TOKEN, 50);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        cma.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(cma.baseUrl() + path))
                .timeout(Duration.ofSeconds(5))
                .header("api_key", KEY)
                .header("authorization", token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void post_createsWithTheDocumentedBody_getListsIt() throws Exception {
        cma.addStack(KEY);
        String body = """
                {"webhook":{"name":"Permalinker","destinations":[{"target_url":"https://x.example/webhooks/contentstack",
                  "http_basic_auth":"user","http_basic_password":"pass",
                  "custom_header":[{"header_name":"secret","value":"s3"}]}],
                  "notifiers":"ops@example.com","channels":["assets.create"],"branches":["main"],
                  "retry_policy":"automatic","disabled":false,"concise_payload":true}}""";

        HttpResponse<String> created = send("POST", "/v3/webhooks", body, TOKEN);
        HttpResponse<String> listed = send("GET", "/v3/webhooks", null, TOKEN);

        assertThat(created.statusCode()).isEqualTo(201);
        String uid = json(created).path("webhook").path("uid").asText();
        assertThat(uid).isNotBlank();
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode webhook = json(listed).path("webhooks").path(0);
        assertThat(webhook.path("uid").asText()).isEqualTo(uid);
        assertThat(webhook.path("channels").path(0).asText()).isEqualTo("assets.create");
        assertThat(webhook.path("retry_policy").asText()).isEqualTo("automatic");
        assertThat(webhook.path("concise_payload").asBoolean()).isTrue();
        assertThat(webhook.path("unhealthy").path("state").asBoolean(true)).isFalse();
        assertThat(webhook.path("destinations").path(0).path("http_basic_password").asText())
                .as("the password is masked").isEqualTo("********");
        assertThat(listed.body()).doesNotContain("pass\"");
        assertThat(cma.webhook(uid).spec().basicAuthPassword()).isEqualTo("pass");
        assertThat(cma.webhook(uid).spec().customHeaders()).containsEntry("secret", "s3");
        assertThat(listed.headers().firstValue("X-RateLimit-Limit")).contains("50");
    }

    @Test
    void post_withoutTargetOrChannels_422NamesTheFields() throws Exception {
        cma.addStack(KEY);

        HttpResponse<String> refused = send("POST", "/v3/webhooks", "{\"webhook\":{\"name\":\"x\"}}", TOKEN);
        HttpResponse<String> notJson = send("POST", "/v3/webhooks", "{\"webhook\":", TOKEN);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json(refused).path("errors").has("destinations.target_url")).isTrue();
        assertThat(json(refused).path("errors").has("channels")).isTrue();
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(cma.webhooks()).isEmpty();
    }

    @Test
    void put_reEnablingClearsUnhealthy_getShowsIt() throws Exception {
        SimulatedWebhook webhook = cma.addWebhook(KEY, WebhookSpec.assetCreations("P", "https://x.example/h"));
        cma.tripCircuitBreaker(webhook.uid());
        JsonNode tripped = json(send("GET", "/v3/webhooks/" + webhook.uid(), null, TOKEN)).path("webhook");

        HttpResponse<String> enabled = send("PUT", "/v3/webhooks/" + webhook.uid(),
                "{\"webhook\":{\"disabled\":false}}", TOKEN);

        assertThat(tripped.path("disabled").asBoolean()).isTrue();
        assertThat(tripped.path("unhealthy").path("state").asBoolean()).isTrue();
        assertThat(enabled.statusCode()).isEqualTo(200);
        assertThat(json(enabled).path("webhook").path("disabled").asBoolean(true)).isFalse();
        assertThat(json(enabled).path("webhook").path("unhealthy").path("state").asBoolean(true)).isFalse();
        assertThat(json(enabled).path("webhook").path("name").asText()).as("other settings kept").isEqualTo("P");
        assertThat(cma.webhook(webhook.uid()).consecutiveFailures()).isZero();
    }

    @Test
    void executions_listedNewestFirstWithAttemptsAndOnlyEvents() throws Exception {
        SimulatedWebhook webhook = cma.addWebhook(KEY, WebhookSpec.assetCreations("P", "https://x.example/h"));
        cma.recordExecution(webhook.uid(), "blta", 503, 200);

        JsonNode executions = json(send("GET", "/v3/webhooks/" + webhook.uid() + "/executions", null, TOKEN))
                .path("webhooks");
        JsonNode onlyEvents = json(send("GET", "/v3/webhooks/" + webhook.uid() + "/executions?only_events=true",
                null, TOKEN)).path("webhooks");

        assertThat(executions).hasSize(1);
        JsonNode execution = executions.path(0);
        assertThat(execution.path("status").asInt()).isEqualTo(200);
        assertThat(execution.path("retry_count").asInt()).isEqualTo(1);
        assertThat(execution.path("channel").path(0).asText()).isEqualTo("assets.create");
        assertThat(execution.path("event_data").path("data").path("asset").path("uid").asText()).isEqualTo("blta");
        assertThat(execution.path("request_details").path(0).path("response").path("statusCode").asInt())
                .isEqualTo(503);
        assertThat(onlyEvents.path(0).has("request_details")).isFalse();
    }

    @Test
    void executions_networkFailureLoggedAsTheReferenceSampleAndPathWithTrailingSlash() throws Exception {
        SimulatedWebhook webhook = cma.addWebhook(KEY, WebhookSpec.assetCreations("P", "https://x.example/h"));
        cma.recordExecution(webhook.uid(), "blta", List.of(Map.entry(0, "read ECONNRESET"),
                Map.entry(503, "Service Unavailable\nretry later")));
        cma.recordExecution(webhook.uid(), "bltb", 0);

        JsonNode executions = json(send("GET", "/v3/webhooks/" + webhook.uid() + "/executions/", null, TOKEN))
                .path("webhooks");

        assertThat(executions).hasSize(2);
        JsonNode reset = executions.path(1).path("request_details").path(0).path("response");
        assertThat(reset.path("statusCode").isNull()).isTrue();
        assertThat(reset.path("message").asText()).isEqualTo("read ECONNRESET");
        assertThat(reset.path("code").asText()).isEqualTo("ECONNRESET");
        JsonNode unavailable = executions.path(1).path("request_details").path(1).path("response");
        assertThat(unavailable.path("body").asText()).startsWith("Service Unavailable");
        assertThat(executions.path(0).path("status").isNull()).as("nothing answered: status null").isTrue();
    }

    @Test
    void webhooks_notifiersGivenOnCreateAreListed() throws Exception {
        cma.addWebhook(KEY, WebhookSpec.assetCreations("P", "https://x.example/h").withNotifiers("ops@example.com"));

        JsonNode listed = json(send("GET", "/v3/webhooks", null, TOKEN)).path("webhooks");

        assertThat(listed.path(0).path("notifiers").path(0).asText()).isEqualTo("ops@example.com");
    }

    @Test
    void routes_checkStackAndTokenLikeTheAssetRoutes() throws Exception {
        SimulatedWebhook webhook = cma.addWebhook(KEY, WebhookSpec.assetCreations("P", "https://x.example/h"));

        assertThat(send("GET", "/v3/webhooks", null, "wrong").statusCode()).isEqualTo(401);
        assertThat(send("GET", "/v3/webhooks/nosuch", null, TOKEN).statusCode()).isEqualTo(422);
        assertThat(send("GET", "/v3/webhooks/" + webhook.uid() + "/nope", null, TOKEN).statusCode()).isEqualTo(404);
        cma.revokeToken();
        assertThat(send("GET", "/v3/webhooks", null, TOKEN).statusCode()).isEqualTo(401);
        cma.restoreToken();
        assertThat(send("DELETE", "/v3/webhooks/" + webhook.uid(), null, TOKEN).statusCode()).isEqualTo(200);
        assertThat(cma.webhooks()).isEmpty();
    }

    @Test
    void assets_descCreatedAt_newestFirstWithCountAndPaging() throws Exception {
        Instant now = Instant.parse("2026-11-29T12:00:00Z");
        for (int i = 0; i < 5; i++) {
            cma.createAsset(KEY, "blt" + i, i + ".png", "image/png", now.minus(Duration.ofHours(5 - i)));
        }
        // A whole second sorts after the same second with milliseconds, not before it.
        cma.createAsset(KEY, "bltlatest", "l.png", "image/png", now.plusMillis(500));

        JsonNode newest = json(send("GET", "/v3/assets?desc=created_at&include_count=true&limit=2", null, TOKEN));
        JsonNode next = json(send("GET", "/v3/assets?desc=created_at&skip=2&limit=2", null, TOKEN));
        JsonNode oldest = json(send("GET", "/v3/assets?asc=created_at&limit=1", null, TOKEN));

        assertThat(uids(newest)).containsExactly("bltlatest", "blt4");
        assertThat(newest.path("count").asInt()).isEqualTo(6);
        assertThat(uids(next)).containsExactly("blt3", "blt2");
        assertThat(next.has("count")).isFalse();
        assertThat(uids(oldest)).containsExactly("blt0");
        assertThat(newest.path("assets").path(0).path("created_at").asText()).isEqualTo("2026-11-29T12:00:00.500Z");
        assertThat(newest.path("assets").path(1).path("created_at").asText()).isEqualTo("2026-11-29T11:00:00.000Z");
    }

    private static List<String> uids(JsonNode page) {
        List<String> uids = new ArrayList<>();
        page.path("assets").forEach(a -> uids.add(a.path("uid").asText()));
        return uids;
    }
}
