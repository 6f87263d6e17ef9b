package dev.permalinker.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** PutEvents against a loopback server that records what it received and answers like EventBridge. */
class EventBridgePublisherTest {
    private record Received(Map<String, List<String>> headers, JsonNode body) {
    }

    private final JsonCodec json = JsonCodec.create();
    private final List<Received> received = new ArrayList<>();
    private HttpServer server;
    private String answer = "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e1\"}]}";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()),
                    json.readTree(exchange.getRequestBody().readAllBytes())));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private EventBridgePublisher publisher() {
        return new EventBridgePublisher(UrlConnectionHttpClient.create(),
                StaticCredentialsProvider.create(AwsSessionCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI",
                        "session")),
                "eu-west-1", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), "builds", json);
    }

    private static List<EventBridgePublisher.Entry> entries(int n) {
        return IntStream.range(0, n).mapToObj(i -> new EventBridgePublisher.Entry("permalinker",
                "Permanent URL set", "{\"assetUid\":\"blt" + i + "\"}")).toList();
    }

    @Test
    void put_signedPutEventsTenEntriesPerCall() throws Exception {
        publisher().put(entries(25));

        assertThat(received).hasSize(3);
        assertThat(received).extracting(r -> r.body().path("Entries").size()).containsExactly(10, 10, 5);
        Received first = received.get(0);
        assertThat(first.headers().get("X-amz-target")).containsExactly("AWSEvents.PutEvents");
        assertThat(first.headers().get("Content-type")).containsExactly("application/x-amz-json-1.1");
        assertThat(first.headers().get("Authorization").get(0)).startsWith("AWS4-HMAC-SHA256 ")
                .contains("/eu-west-1/events/aws4_request");
        JsonNode entry = first.body().path("Entries").get(0);
        assertThat(entry.path("Source").asText()).isEqualTo("permalinker");
        assertThat(entry.path("DetailType").asText()).isEqualTo("Permanent URL set");
        assertThat(entry.path("EventBusName").asText()).isEqualTo("builds");
        assertThat(json.readTree(entry.path("Detail").asText().getBytes(StandardCharsets.UTF_8))
                .path("assetUid").asText()).isEqualTo("blt0");
    }

    @Test
    void put_failedEntries_throwWithTheErrorCode() {
        answer = "{\"FailedEntryCount\":1,\"Entries\":[{\"ErrorCode\":\"InternalFailure\",\"ErrorMessage\":\"x\"}]}";

        assertThatThrownBy(() -> publisher().put(entries(1)))
                .isInstanceOf(EventBridgePublisher.PutEventsException.class)
                .hasMessageContaining("1 of 1 entries failed").hasMessageContaining("InternalFailure");
    }
}
