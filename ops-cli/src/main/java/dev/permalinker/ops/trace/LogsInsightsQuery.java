package dev.permalinker.ops.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.Identifiers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CloudWatch Logs Insights query that finds an asset's events in the functions' JSON log lines, and the reading
 * of its answer. No AWS types: requests and answers are the API's documented JSON.
 * <ul>
 *   <li>{@code StartQuery}: {@code logGroupNames} (at most 50), {@code startTime}/{@code endTime} in epoch seconds
 *       (both inclusive), {@code queryString}, {@code limit}; answers {@code {"queryId":…}}.
 *       https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartQuery.html</li>
 *   <li>{@code GetQueryResults}: {@code {"queryId":…}}; answers {@code {"results":[[{"field":…,"value":…},…],…],
 *       "statistics":{"recordsMatched","recordsScanned","bytesScanned"},"status":…}} where {@code status} is
 *       {@code Scheduled}, {@code Running} (partial results), {@code Complete}, {@code Failed}, {@code Cancelled},
 *       {@code Timeout} or {@code Unknown}.
 *       https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetQueryResults.html</li>
 * </ul>
 * Logs Insights discovers the fields of JSON log events by their keys, so the query filters on the functions' stable
 * key {@code assetUid} and asks for the keys a trace reads (README, "Telemetry").
 */
public final class LogsInsightsQuery {
    /** StartQuery takes at most 50 log groups. */
    public static final int MAX_LOG_GROUPS = 50;
    /** Far more than one asset's story; a storm of retries is still told by its first and last events. */
    public static final int LIMIT = 500;
    static final List<String> FIELDS = List.of("@timestamp", "timestamp", "logger", "outcome", "assetUid",
            "messageId", "status", "errorCode", "detail", "attempt", "receiveCount", "apiKey", "branch");

    /** The state of a query, as GetQueryResults names it. */
    public enum Status {
        SCHEDULED, RUNNING, COMPLETE, FAILED, CANCELLED, TIMEOUT, UNKNOWN;

        /** Still working: ask again. */
        public boolean pending() {
            return this == SCHEDULED || this == RUNNING;
        }

        static Status parse(String value) {
            if (value == null) {
                return UNKNOWN;
            }
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return UNKNOWN;
            }
        }
    }

    /** One GetQueryResults answer: its status, and the events read so far (partial while running). */
    public record Answer(Status status, List<LogEvent> events, long recordsMatched, long recordsScanned) {
    }

    private LogsInsightsQuery() {
    }

    /**
     * The query string for {@code assetUid}, oldest first. The uid is checked against the contract's
     * {@code [A-Za-z0-9_-]{1,64}} before it is put in quotes, so it cannot change the query.
     */
    public static String queryString(String assetUid) {
        if (!Identifiers.isSafe(assetUid)) {
            throw new IllegalArgumentException("not an asset uid: " + assetUid);
        }
        return "fields " + String.join(", ", FIELDS) + "\n"
                + "| filter assetUid = \"" + assetUid + "\"\n"
                + "| sort @timestamp asc\n"
                + "| limit " + LIMIT;
    }

    /** The StartQuery request body. */
    public static Map<String, Object> startQueryRequest(List<String> logGroups, String assetUid, Instant from,
                                                        Instant to) {
        if (logGroups.isEmpty() || logGroups.size() > MAX_LOG_GROUPS) {
            throw new IllegalArgumentException("StartQuery takes 1 to " + MAX_LOG_GROUPS + " log groups, not "
                    + logGroups.size());
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("logGroupNames", List.copyOf(logGroups));
        request.put("startTime", from.getEpochSecond());
        // endTime is inclusive and in whole seconds: round up so the last second's events are in.
        request.put("endTime", to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0));
        request.put("queryString", queryString(assetUid));
        request.put("limit", LIMIT);
        return request;
    }

    /** The query id from a StartQuery answer. */
    public static String queryId(JsonNode startQueryAnswer) {
        JsonNode id = startQueryAnswer.path("queryId");
        if (!id.isTextual() || id.textValue().isBlank()) {
            throw new IllegalArgumentException("StartQuery answered without a queryId");
        }
        return id.textValue();
    }

    /** Reads a GetQueryResults answer; rows without a readable time, or about another asset, are left out. */
    public static Answer parseResults(JsonNode answer, String assetUid) {
        List<LogEvent> events = new ArrayList<>();
        for (JsonNode row : answer.path("results")) {
            Map<String, String> fields = new HashMap<>();
            for (JsonNode cell : row) {
                JsonNode field = cell.path("field");
                JsonNode value = cell.path("value");
                if (field.isTextual() && value.isValueNode() && !value.isNull()) {
                    fields.put(field.textValue(), value.asText());
                }
            }
            LogEvent event = LogEvent.of(fields);
            if (event != null && assetUid.equals(event.assetUid())) {
                events.add(event);
            }
        }
        JsonNode statistics = answer.path("statistics");
        return new Answer(Status.parse(answer.path("status").asText(null)), events,
                statistics.path("recordsMatched").asLong(0), statistics.path("recordsScanned").asLong(0));
    }
}
