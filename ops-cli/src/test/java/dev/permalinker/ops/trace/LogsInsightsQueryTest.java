package dev.permalinker.ops.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Logs Insights query and the reading of recorded answers in the API reference's documented shape. */
class LogsInsightsQueryTest {
    private static final String UID = "blt0a1b2c3d4e5f6789";
    private final JsonCodec json = JsonCodec.create();

    private JsonNode recorded(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/logs-insights/" + name)) {
            return json.readTree(in.readAllBytes());
        }
    }

    /** A recorded GetQueryResults answer, handed over as the SDK adapter hands it: each row's fields by name. */
    private static LogsInsightsQuery.Answer parseResults(JsonNode answer, String assetUid) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (JsonNode row : answer.path("results")) {
            Map<String, String> fields = new HashMap<>();
            row.forEach(cell -> fields.put(cell.path("field").asText(), cell.path("value").asText()));
            rows.add(fields);
        }
        JsonNode statistics = answer.path("statistics");
        return LogsInsightsQuery.answer(answer.path("status").asText(null), rows,
                statistics.path("recordsMatched").asLong(0), statistics.path("recordsScanned").asLong(0), assetUid);
    }

    @Test
    void queryString_filtersOnTheStableKeyAndAsksForTheTraceFieldsOldestFirst() {
        String query = LogsInsightsQuery.queryString(UID);

        assertThat(query).isEqualTo("""
                fields @timestamp, timestamp, logger, outcome, assetUid, messageId, status, errorCode, detail, \
                attempt, receiveCount, apiKey, branch
                | filter assetUid = "blt0a1b2c3d4e5f6789"
                | sort @timestamp asc
                | limit 500""");
    }

    @Test
    void queryString_uidThatCouldChangeTheQuery_refused() {
        assertThatThrownBy(() -> LogsInsightsQuery.queryString("blt\" or outcome = \"written"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogsInsightsQuery.queryString("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void startQuery_epochSecondsInclusiveRoundedOutwards() {
        LogsInsightsQuery.StartQuery request = LogsInsightsQuery.startQuery(List.of("Permalinker-IngestLogsA1-x",
                "Permalinker-WorkerLogsB2-y"), UID, Instant.parse("2026-11-28T18:00:00.900Z"),
                Instant.parse("2026-11-29T18:00:00.250Z"));

        assertThat(request.logGroupNames()).isEqualTo(List.of("Permalinker-IngestLogsA1-x",
                "Permalinker-WorkerLogsB2-y"));
        assertThat(request.startTime()).isEqualTo(Instant.parse("2026-11-28T18:00:00Z").getEpochSecond());
        assertThat(request.endTime()).isEqualTo(Instant.parse("2026-11-29T18:00:01Z").getEpochSecond());
        assertThat(request.limit()).isEqualTo(500);
        assertThat(request.queryString()).isEqualTo(LogsInsightsQuery.queryString(UID));
        assertThat(json.write(request)).startsWith("{\"logGroupNames\":[");
    }

    @Test
    void startQuery_noneOrMoreThanFiftyLogGroups_refused() {
        Instant now = Instant.parse("2026-11-29T18:00:00Z");
        assertThatThrownBy(() -> LogsInsightsQuery.startQuery(List.of(), UID, now, now))
                .isInstanceOf(IllegalArgumentException.class);
        List<String> many = java.util.stream.IntStream.range(0, 51).mapToObj(i -> "group" + i).toList();
        assertThatThrownBy(() -> LogsInsightsQuery.startQuery(many, UID, now, now))
                .hasMessageContaining("1 to 50");
    }

    @Test
    void queryId_fromTheStartQueryAnswer() throws IOException {
        assertThat(LogsInsightsQuery.queryId(recorded("start-query.json").path("queryId").textValue()))
                .isEqualTo("12ab3456-12ab-123a-789e-1234567890ab");
        assertThatThrownBy(() -> LogsInsightsQuery.queryId(json.readTree("{}".getBytes()).path("queryId")
                .textValue())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseResults_complete_eventsWithTypedFieldsAndTheLinesOwnTimestamp() throws IOException {
        LogsInsightsQuery.Answer answer = parseResults(recorded("get-query-results-complete.json"), UID);

        assertThat(answer.status()).isEqualTo(LogsInsightsQuery.Status.COMPLETE);
        assertThat(answer.status().pending()).isFalse();
        assertThat(answer.recordsMatched()).isEqualTo(4);
        assertThat(answer.recordsScanned()).isEqualTo(18342);
        assertThat(answer.events()).as("the row without any time is left out").hasSize(3);
        LogEvent webhook = answer.events().get(0);
        assertThat(webhook.timestamp()).isEqualTo(Instant.parse("2026-11-29T18:00:02.118Z"));
        assertThat(webhook.logger()).isEqualTo("IngestService");
        assertThat(webhook.outcome()).isEqualTo("queued");
        assertThat(webhook.status()).isEqualTo(202);
        assertThat(webhook.webhookAnswer()).isTrue();
        LogEvent retry = answer.events().get(1);
        assertThat(retry.attempt()).isEqualTo(3);
        assertThat(retry.receiveCount()).isEqualTo(1);
        assertThat(retry.terminal()).isFalse();
        LogEvent dead = answer.events().get(2);
        assertThat(dead.timestamp()).as("@timestamp, UTC, when the line has none of its own")
                .isEqualTo(Instant.parse("2026-11-29T18:06:05.412Z"));
        assertThat(dead.errorCode()).isEqualTo("unauthorized");
        assertThat(dead.messageId()).isEqualTo("5fea7756-0ea4-451a-a703-a558b933e274");
        assertThat(dead.terminal()).isTrue();
    }

    @Test
    void parseResults_runningPartial_scheduledAndFailed() throws IOException {
        LogsInsightsQuery.Answer running = parseResults(recorded("get-query-results-running.json"),
                UID);
        assertThat(running.status()).isEqualTo(LogsInsightsQuery.Status.RUNNING);
        assertThat(running.status().pending()).isTrue();
        assertThat(running.events()).hasSize(1);

        assertThat(parseResults(recorded("get-query-results-scheduled.json"), UID).status()
                .pending()).isTrue();
        LogsInsightsQuery.Answer failed = parseResults(recorded("get-query-results-failed.json"),
                UID);
        assertThat(failed.status()).isEqualTo(LogsInsightsQuery.Status.FAILED);
        assertThat(failed.status().pending()).isFalse();
        assertThat(failed.events()).isEmpty();
    }

    @Test
    void parseResults_rowsOfAnotherAssetOrAnUnknownStatus() throws IOException {
        LogsInsightsQuery.Answer other = parseResults(recorded("get-query-results-complete.json"),
                "bltsomeoneelse0001");
        assertThat(other.events()).isEmpty();

        LogsInsightsQuery.Answer odd = parseResults(json.readTree(
                "{\"status\":\"Exploded\"}".getBytes()), UID);
        assertThat(odd.status()).isEqualTo(LogsInsightsQuery.Status.UNKNOWN);
        assertThat(odd.events()).isEmpty();
    }
}
