package dev.permalinker.ops.trace;

import dev.permalinker.model.Identifiers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CloudWatch Logs Insights query that finds an asset's events in the functions' JSON log lines, and the reading
 * of its answer. No AWS types: the {@code .aws} adapter hands over the API's documented fields.
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

    /** StartQuery's parameters. */
    public record StartQuery(List<String> logGroupNames, long startTime, long endTime, String queryString,
                             int limit) {
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

    /** The StartQuery parameters for {@code assetUid} over {@code logGroups} between {@code from} and {@code to}. */
    public static StartQuery startQuery(List<String> logGroups, String assetUid, Instant from, Instant to) {
        if (logGroups.isEmpty() || logGroups.size() > MAX_LOG_GROUPS) {
            throw new IllegalArgumentException("StartQuery takes 1 to " + MAX_LOG_GROUPS + " log groups, not "
                    + logGroups.size());
        }
        // endTime is inclusive and in whole seconds: round up so the last second's events are in.
        return new StartQuery(List.copyOf(logGroups), from.getEpochSecond(),
                to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0), queryString(assetUid), LIMIT);
    }

    /** The query id of a StartQuery answer. */
    public static String queryId(String startQueryAnswerId) {
        if (startQueryAnswerId == null || startQueryAnswerId.isBlank()) {
            throw new IllegalArgumentException("StartQuery answered without a queryId");
        }
        return startQueryAnswerId;
    }

    /**
     * Reads a GetQueryResults answer: {@code rows} are its {@code results}, each a row's fields by name; rows without
     * a readable time, or about another asset, are left out.
     */
    public static Answer answer(String status, List<Map<String, String>> rows, long recordsMatched,
                                long recordsScanned, String assetUid) {
        List<LogEvent> events = new ArrayList<>();
        for (Map<String, String> fields : rows) {
            LogEvent event = LogEvent.of(fields);
            if (event != null && assetUid.equals(event.assetUid())) {
                events.add(event);
            }
        }
        return new Answer(Status.parse(status), events, recordsMatched, recordsScanned);
    }
}
