package dev.permalinker.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.retry.Retrier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * PutEvents against a loopback server that records what it received and answers like EventBridge: one scripted answer
 * per call (the last one repeats), a status of 0 closing the connection without an answer. The retry engine's waits
 * are recorded, never slept.
 */
class EventBridgePublisherTest {
    private record Received(Map<String, List<String>> headers, JsonNode body) {
    }

    private record Answer(int status, String body) {
    }

    private static final Answer ACCEPTED = new Answer(200,
            "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e\"}]}");

    private final JsonCodec json = JsonCodec.create();
    private final List<Received> received = new ArrayList<>();
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<Duration> waits = new ArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()),
                    json.readTree(exchange.getRequestBody().readAllBytes())));
            Answer answer = answers.size() > 1 ? answers.poll() : answers.peek();
            if (answer.status() == 0) {
                exchange.close();
                return;
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private EventBridgePublisher publisher(Answer... script) {
        answers.addAll(List.of(script));
        SignedJsonCall call = new SignedJsonCall(UrlConnectionHttpClient.create(),
                StaticCredentialsProvider.create(AwsSessionCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI",
                        "session")), "events", "eu-west-1",
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
        return new EventBridgePublisher(call, "builds", json, new Retrier(System::nanoTime, waits::add, () -> 1.0));
    }

    private static List<EventBridgePublisher.Entry> entries(int n) {
        return IntStream.range(0, n).mapToObj(i -> new EventBridgePublisher.Entry("permalinker",
                "Permanent URL set", "{\"assetUid\":\"blt" + i + "\"}")).toList();
    }

    private List<String> uidsOfCall(int call) throws IOException {
        List<String> uids = new ArrayList<>();
        for (JsonNode entry : received.get(call).body().path("Entries")) {
            uids.add(json.readTree(entry.path("Detail").asText().getBytes(StandardCharsets.UTF_8))
                    .path("assetUid").asText());
        }
        return uids;
    }

    @Test
    void put_signedPutEventsTenEntriesPerCall() throws Exception {
        publisher(ACCEPTED).put(entries(25));

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
        assertThat(uidsOfCall(0).get(0)).isEqualTo("blt0");
        assertThat(waits).isEmpty();
    }

    @Test
    void put_throttledThenAccepted_retriedAfterABackoffWait() throws Exception {
        publisher(new Answer(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"), ACCEPTED)
                .put(entries(3));

        assertThat(received).hasSize(2);
        assertThat(uidsOfCall(1)).containsExactly("blt0", "blt1", "blt2");
        assertThat(waits).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void put_serverErrorsThenAccepted_retriedWithGrowingWaits() throws Exception {
        publisher(new Answer(500, "{\"__type\":\"InternalException\"}"), new Answer(503, ""), ACCEPTED)
                .put(entries(1));

        assertThat(received).hasSize(3);
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void put_connectionClosedWithoutAnswerThenAccepted_retried() throws Exception {
        publisher(new Answer(0, ""), ACCEPTED).put(entries(2));

        assertThat(received).hasSize(2);
        assertThat(uidsOfCall(1)).containsExactly("blt0", "blt1");
    }

    @Test
    void put_transientFailedEntriesIn200_onlyTheFailedOnesSentAgain() throws Exception {
        publisher(new Answer(200, "{\"FailedEntryCount\":1,\"Entries\":[{\"EventId\":\"e0\"},"
                + "{\"ErrorCode\":\"InternalFailure\",\"ErrorMessage\":\"x\"},{\"EventId\":\"e2\"}]}"), ACCEPTED)
                .put(entries(3));

        assertThat(received).hasSize(2);
        assertThat(uidsOfCall(1)).containsExactly("blt1");
    }

    @Test
    void put_transientFailuresEveryTime_givesUpAfterThreeAttemptsNamingTheLastProblem() {
        EventBridgePublisher publisher = publisher(new Answer(200, "{\"FailedEntryCount\":1,\"Entries\":["
                + "{\"ErrorCode\":\"ThrottlingException\",\"ErrorMessage\":\"x\"}]}"));

        assertThatThrownBy(() -> publisher.put(entries(1)))
                .isInstanceOf(EventBridgePublisher.PutEventsException.class)
                .hasMessageContaining("after 3 attempt(s)").hasMessageContaining("1 of 1 entries failed")
                .hasMessageContaining("ThrottlingException");
        assertThat(received).hasSize(3);
    }

    @Test
    void put_failedEntryThatNoRetryMends_throwsAtOnceWithTheErrorCode() {
        EventBridgePublisher publisher = publisher(new Answer(200, "{\"FailedEntryCount\":1,\"Entries\":["
                + "{\"ErrorCode\":\"MalformedDetail\",\"ErrorMessage\":\"x\"}]}"));

        assertThatThrownBy(() -> publisher.put(entries(1)))
                .isInstanceOf(EventBridgePublisher.PutEventsException.class)
                .hasMessageContaining("1 of 1 entries failed").hasMessageContaining("MalformedDetail");
        assertThat(received).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void put_clientError_notRetried() {
        EventBridgePublisher publisher = publisher(new Answer(400,
                "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Event bus builds does not exist.\"}"));

        assertThatThrownBy(() -> publisher.put(entries(1)))
                .isInstanceOf(EventBridgePublisher.PutEventsException.class)
                .hasMessageContaining("HTTP 400 ResourceNotFoundException");
        assertThat(received).hasSize(1);
    }
}
