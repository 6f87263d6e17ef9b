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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed webhook bodies: a 400 or a 422 naming the field, never a 500 or a dropped connection. */
class WebhookRoutesBadInputIT {
    private static final String TOKEN = "token-1";
    private static final String KEY = "bltstack0000000001";
    private static final JsonCodec JSON = JsonCodec.create();
    private final ContentstackSimulator cma = ContentstackSimulator.start(0, TOKEN, 500);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        cma.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        cma.addStack(KEY);
        return http.send(HttpRequest.newBuilder(URI.create(cma.baseUrl() + "/v3/webhooks"))
                .timeout(Duration.ofSeconds(5)).header("api_key", KEY).header("authorization", TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "null", "[]", "7", "\"webhook\"", "{\"webhook\":null}", "{\"webhook\":[]}",
            "{\"webhook\":\"x\"}", "{", "<html>"})
    void post_notAWebhookObject_400(String body) throws Exception {
        HttpResponse<String> response = post(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body().getBytes(StandardCharsets.UTF_8)).path("error_code").asInt())
                .isPositive();
    }

    private static String webhook(String name, String destination, String channels) {
        return "{\"webhook\":{\"name\":" + name + ",\"destinations\":[" + destination + "],\"channels\":" + channels
                + ",\"retry_policy\":\"automatic\"}}";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "7|{\"target_url\":\"https://x.example/h\"}|[\"assets.create\"]|name",
            "\"n\"|{\"target_url\":7}|[\"assets.create\"]|destinations.target_url",
            "\"n\"|\"https://x.example/h\"|[\"assets.create\"]|destinations.target_url",
            "\"n\"|{\"target_url\":\"ftp://x.example/h\"}|[\"assets.create\"]|destinations.target_url",
            "\"n\"|{\"target_url\":\"http://\"}|[\"assets.create\"]|destinations.target_url",
            "\"n\"|{\"target_url\":\"http://bad host/h\"}|[\"assets.create\"]|destinations.target_url",
            "\"n\"|{\"target_url\":\"https://[::1/h\"}|[\"assets.create\"]|destinations.target_url",
            "\"n\"|{\"target_url\":\"https://x.example/h\"}|\"assets.create\"|channels",
            "\"n\"|{\"target_url\":\"https://x.example/h\"}|[]|channels",
            "\"n\"|{\"target_url\":\"https://x.example/h\"}|[null]|channels",
            "\"n\"|{\"target_url\":\"https://x.example/h\"}|[{}]|channels",
            "\"n\"|{\"target_url\":\"https://x.example/h\",\"custom_header\":[{\"header_name\":\"bad name\","
                    + "\"value\":\"v\"}]}|[\"assets.create\"]|destinations.custom_header",
            "\"n\"|{\"target_url\":\"https://x.example/h\",\"custom_header\":[{\"header_name\":\"Host\","
                    + "\"value\":\"v\"}]}|[\"assets.create\"]|destinations.custom_header",
            "\"n\"|{\"target_url\":\"https://x.example/h\",\"custom_header\":[{\"header_name\":\"x\","
                    + "\"value\":\"a\\nb\"}]}|[\"assets.create\"]|destinations.custom_header"})
    void post_badField_422NamingIt(String name, String destination, String channels, String field) throws Exception {
        HttpResponse<String> response = post(webhook(name, destination, channels));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        JsonNode errors = JSON.readTree(response.body().getBytes(StandardCharsets.UTF_8)).path("errors");
        assertThat(errors.has(field)).as(response.body()).isTrue();
    }
}
