package dev.permalinker.ops.trace.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.ops.trace.LogEvent;
import dev.permalinker.ops.trace.TraceGap;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * The CloudWatch Logs adapter, through the SDK's client, against a loopback server that answers with recorded answers
 * in the API reference's shape: what it sends, how it polls, and how refusals become gaps. The states moto_server
 * cannot produce (Scheduled, Running with partial results, Failed, a query that outlives the deadline, the functions'
 * JSON fields in the rows, AccessDeniedException) are played here; {@link CloudWatchLogsInsightsMotoIT} runs the same
 * adapter against moto.
 */
class CloudWatchLogsInsightsIT {
    private static final String UID = "blt0a1b2c3d4e5f6789";
    private final JsonCodec json = JsonCodec.create();
    private final List<Map.Entry<String, JsonNode>> received = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final Deque<Answer> answers = new ArrayDeque<>();
    private HttpServer server;

    private record Answer(int status, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            received.add(Map.entry(target, json.readTree(exchange.getRequestBody().readAllBytes())));
            Answer answer;
            synchronized (answers) {
                answer = answers.isEmpty() ? new Answer(400, "{\"__type\":\"InvalidOperationException\"}")
                        : answers.poll();
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(int status, String body) {
        synchronized (answers) {
            answers.add(new Answer(status, body));
        }
    }

    private String recorded(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/logs-insights/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private CloudWatchLogsInsights insights(List<String> groups, Duration deadline) {
        CloudWatchLogsClient client = CloudWatchLogsClient.builder()
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE",
                        "secret-key-never-sent")))
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                .build();
        return new CloudWatchLogsInsights(client, groups, deadline, Duration.ofMillis(10));
    }

    @Test
    void eventsFor_startsSignedQueryAndPollsUntilComplete() throws IOException {
        answer(200, recorded("start-query.json"));
        answer(200, recorded("get-query-results-scheduled.json"));
        answer(200, recorded("get-query-results-running.json"));
        answer(200, recorded("get-query-results-complete.json"));

        List<LogEvent> events = insights(List.of("Permalinker-IngestLogs1-a", "Permalinker-WorkerLogs2-b"),
                Duration.ofSeconds(10)).eventsFor(UID, Instant.parse("2026-11-28T18:00:00Z"),
                Instant.parse("2026-11-29T18:00:00Z"));

        assertThat(events).extracting(LogEvent::outcome).containsExactly("queued", "retry", "dead_lettered");
        assertThat(received).extracting(Map.Entry::getKey).containsExactly("Logs_20140328.StartQuery",
                "Logs_20140328.GetQueryResults", "Logs_20140328.GetQueryResults", "Logs_20140328.GetQueryResults");
        JsonNode start = received.get(0).getValue();
        assertThat(start.get("logGroupNames")).hasSize(2);
        assertThat(start.get("startTime").asLong()).isEqualTo(Instant.parse("2026-11-28T18:00:00Z").getEpochSecond());
        assertThat(start.get("queryString").asText()).contains("filter assetUid = \"" + UID + "\"");
        assertThat(received.get(1).getValue().get("queryId").asText())
                .isEqualTo("12ab3456-12ab-123a-789e-1234567890ab");
        assertThat(authorizations).allSatisfy(header -> assertThat(header)
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/logs/aws4_request")
                .doesNotContain("secret-key-never-sent"));
    }

    @Test
    void eventsFor_queryFailed_isAGap() throws IOException {
        answer(200, recorded("start-query.json"));
        answer(200, recorded("get-query-results-failed.json"));

        assertThatThrownBy(() -> insights(List.of("g"), Duration.ofSeconds(10)).eventsFor(UID, Instant.EPOCH,
                Instant.EPOCH.plusSeconds(60))).isInstanceOf(TraceGap.class).hasMessageContaining("ended failed");
    }

    @Test
    void eventsFor_deadlinePassed_stopsTheQueryAndSaysSo() throws IOException {
        answer(200, recorded("start-query.json"));
        for (int i = 0; i < 3; i++) {
            answer(200, recorded("get-query-results-running.json"));
        }
        answer(200, "{\"success\":true}");

        assertThatThrownBy(() -> insights(List.of("g"), Duration.ZERO).eventsFor(UID, Instant.EPOCH,
                Instant.EPOCH.plusSeconds(60))).isInstanceOf(TraceGap.class).hasMessageContaining("did not complete");
        assertThat(received).extracting(Map.Entry::getKey).endsWith("Logs_20140328.StopQuery");
    }

    @Test
    void refused_accessDenied_isAGapNamingTheErrorType() {
        answer(400, "{\"__type\":\"com.amazonaws.logs#AccessDeniedException\",\"message\":\"not authorized to "
                + "perform logs:StartQuery\"}");

        assertThatThrownBy(() -> insights(List.of("g"), Duration.ofSeconds(1)).eventsFor(UID, Instant.EPOCH,
                Instant.EPOCH.plusSeconds(60))).isInstanceOf(TraceGap.class)
                .hasMessage("StartQuery refused: AccessDeniedException: not authorized to perform logs:StartQuery");
    }

    @Test
    void logGroupsOfStack_pagesDescribeLogGroupsByTheStackPrefix() {
        answer(200, "{\"logGroups\":[{\"logGroupName\":\"Permalinker-IngestLogs1-a\",\"storedBytes\":0}],"
                + "\"nextToken\":\"page2\"}");
        answer(200, "{\"logGroups\":[{\"logGroupName\":\"Permalinker-WorkerLogs2-b\"}]}");

        List<String> groups = insights(List.of(), Duration.ofSeconds(1)).logGroupsOfStack("Permalinker");

        assertThat(groups).containsExactly("Permalinker-IngestLogs1-a", "Permalinker-WorkerLogs2-b");
        assertThat(received.get(0).getValue().get("logGroupNamePrefix").asText()).isEqualTo("Permalinker-");
        assertThat(received.get(1).getValue().get("nextToken").asText()).isEqualTo("page2");
    }

    @Test
    void noLogGroups_isAGap() {
        assertThatThrownBy(() -> insights(List.of(), Duration.ofSeconds(1)).eventsFor(UID, Instant.EPOCH,
                Instant.EPOCH.plusSeconds(60))).isInstanceOf(TraceGap.class).hasMessageContaining("--log-group");
        assertThat(received).isEmpty();
    }
}
