package dev.permalinker.cma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the client sends and how it reads answers, seen from a recording HTTP server on a loopback port. */
class ContentstackClientIT {
    private static final JsonCodec JSON = JsonCodec.create();

    /** One request as the server received it. */
    record Received(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile String answer = "{\"asset\":{\"uid\":\"blta\",\"permanent_url\":\"https://x/y\"}}";
    private volatile Map<String, String> answerHeaders = Map.of();
    private volatile boolean hang;
    private final HttpServer server = start();
    private final ContentstackClient client = ContentstackClient.create(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
            ManagementTokens.of(Map.of("bltstackone", "token-one", "bltstacktwo", "token-two")), JSON);

    private HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
            http.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        Map.copyOf(exchange.getRequestHeaders()), new String(body, StandardCharsets.UTF_8)));
                if (hang) {
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] out = answer.getBytes(StandardCharsets.UTF_8);
                answerHeaders.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                exchange.sendResponseHeaders(status, out.length);
                exchange.getResponseBody().write(out);
                exchange.close();
            });
            http.start();
            return http;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void setPermanentUrl_putsTheAssetWithStackTokenAndJsonBody() throws Exception {
        CmaResponse response = client.setPermanentUrl("bltstackone", "main", "blta", "https://x/y",
                Duration.ofSeconds(2));

        Received put = received.get(0);
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.path()).isEqualTo("/v3/assets/blta");
        assertThat(put.header("api_key")).isEqualTo("bltstackone");
        assertThat(put.header("authorization")).isEqualTo("token-one");
        assertThat(put.header("Content-Type")).isEqualTo("application/json");
        assertThat(put.header("branch")).as("main is the default branch: no header").isNull();
        assertThat(JSON.mapper().readTree(put.body()).path("asset").path("permanent_url").asText())
                .isEqualTo("https://x/y");
        assertThat(response.isSuccess()).isTrue();
        assertThat(response.permanentUrl()).contains("https://x/y");
    }

    @Test
    void getAsset_otherBranchAndStack_sendsBranchHeaderAndThatStacksToken() throws Exception {
        client.getAsset("bltstacktwo", "staging", "bltb", Duration.ofSeconds(2));

        Received get = received.get(0);
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.header("branch")).isEqualTo("staging");
        assertThat(get.header("authorization")).isEqualTo("token-two");
    }

    @Test
    void errorAnswer_typedAccessorsReadCodeMessageAndRateLimitHeaders() throws Exception {
        status = 422;
        answer = "{\"error_message\":\"Asset was not found.\",\"error_code\":145,\"errors\":{}}";
        answerHeaders = Map.of("X-RateLimit-Limit", "10", "X-RateLimit-Remaining", "3");

        CmaResponse response = client.getAsset("bltstackone", "main", "gone", Duration.ofSeconds(2));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.errorCode()).hasValue(145);
        assertThat(response.errorMessage()).isEqualTo("Asset was not found.");
        assertThat(response.permanentUrl()).isEmpty();
        assertThat(response.rateLimitLimit()).hasValue(10);
        assertThat(response.rateLimitRemaining()).hasValue(3);
        assertThat(response.retryAfter()).isEmpty();
    }

    @Test
    void notJsonAnswer_accessorsEmptyNotThrowing() throws Exception {
        status = 502;
        answer = "<html>Bad gateway</html>";

        CmaResponse response = client.getAsset("bltstackone", "main", "blta", Duration.ofSeconds(2));

        assertThat(response.errorCode()).isEmpty();
        assertThat(response.errorMessage()).isEmpty();
        assertThat(response.errorText()).isEqualTo("<html>Bad gateway</html>");
        assertThat(response.asset()).isEmpty();
    }

    @Test
    void slowAnswer_timesOutWithinTheRequestTimeout() {
        hang = true;

        assertThatThrownBy(() -> client.getAsset("bltstackone", "main", "blta", Duration.ofMillis(300)))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void stackWithoutToken_refusedBeforeAnyRequestNamingTheStackNotAToken() {
        assertThatThrownBy(() -> client.getAsset("bltunknown", "main", "blta", Duration.ofSeconds(2)))
                .isInstanceOf(ManagementTokens.MissingTokenException.class)
                .hasMessageContaining("bltunknown")
                .hasMessageNotContaining("token-one");
        assertThat(received).isEmpty();
    }

    @Test
    void unsafeIdentifiers_neverReachAUrl() {
        assertThatThrownBy(() -> client.getAsset("bltstackone", "main", "../secrets", Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.getAsset("bltstackone", "main\r\nx: y", "blta", Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(received).isEmpty();
    }

    @Test
    void toString_neverShowsATokens() {
        assertThat(client.toString()).doesNotContain("token-one");
        assertThat(ManagementTokens.of(Map.of("blt", "token-one")).toString()).doesNotContain("token-one");
    }
}
