package dev.permalinker.ops.trace;

import dev.permalinker.model.WorkerOutcome;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * One of the pipeline's own log events about an asset, read by its stable keys (never by its message text), so
 * events of stages added later (the reconciler, release actions) fit without a change here.
 *
 * @param logger    the emitting class's short name ({@code IngestService}, {@code BatchProcessor}, …)
 * @param outcome   {@code outcome}: {@code queued}, {@code written}, {@code already_set}, {@code retry},
 *                  {@code dead_lettered}, an ingest error code…
 * @param status    the ingest's HTTP answer, or {@code null}
 * @param errorCode the dead letter's {@code failure.code} or the ingest's error code, or {@code null}
 * @param attempt   the worker's CMA attempts for this delivery, or {@code null}
 * @param apiKey    the stack of the asset the line is about, or {@code null} (lines before it was logged)
 * @param branch    its branch, or {@code null}
 */
public record LogEvent(Instant timestamp, String logger, String outcome, String assetUid, String messageId,
                       Integer status, String errorCode, String detail, Integer attempt, Integer receiveCount,
                       String apiKey, String branch) {

    /** An event that does not name its stack and branch (a line of an older version). */
    public LogEvent(Instant timestamp, String logger, String outcome, String assetUid, String messageId,
                    Integer status, String errorCode, String detail, Integer attempt, Integer receiveCount) {
        this(timestamp, logger, outcome, assetUid, messageId, status, errorCode, detail, attempt, receiveCount, null,
                null);
    }

    /**
     * Whether the event may be about the asset of this stack and branch: it names them, or names neither (a line of
     * an older version, kept: it cannot be told apart).
     */
    public boolean about(String stack, String branchUid) {
        return (apiKey == null || apiKey.equals(stack)) && (branch == null || branch.equals(branchUid));
    }

    /** Logs Insights' {@code @timestamp}: UTC, {@code 2026-11-29 18:00:02.120}. */
    private static final DateTimeFormatter INSIGHTS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    /** True when the event ends the job: the URL was set, or it was dead-lettered. */
    public boolean terminal() {
        return is(WorkerOutcome.WRITTEN) || is(WorkerOutcome.ALREADY_SET) || is(WorkerOutcome.DEAD_LETTERED);
    }

    /** Whether the event names the worker's {@code outcome} (its wire name, as the worker logs it). */
    public boolean is(WorkerOutcome workerOutcome) {
        return workerOutcome.wire().equals(outcome);
    }

    /** The worker's outcome this event names; empty for another stage's ({@code queued}, {@code reconcile_queued}). */
    public Optional<WorkerOutcome> workerOutcome() {
        return Arrays.stream(WorkerOutcome.values()).filter(this::is).findFirst();
    }

    /** True when this is the ingest's answer to a webhook (it carries the HTTP status). */
    public boolean webhookAnswer() {
        return status != null;
    }

    /**
     * An event from its fields as text, as a JSON log line or a Logs Insights result row gives them; {@code null}
     * when it has no readable time. The line's own {@code timestamp} wins over Logs Insights' {@code @timestamp}.
     */
    public static LogEvent of(Map<String, String> fields) {
        Instant at = time(fields.get("timestamp"));
        if (at == null) {
            at = time(fields.get("@timestamp"));
        }
        if (at == null) {
            return null;
        }
        return new LogEvent(at, fields.get("logger"), fields.get("outcome"), fields.get("assetUid"),
                fields.get("messageId"), integer(fields.get("status")), fields.get("errorCode"), fields.get("detail"),
                integer(fields.get("attempt")), integer(fields.get("receiveCount")), fields.get("apiKey"),
                fields.get("branch"));
    }

    static Instant time(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value, INSIGHTS_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    private static Integer integer(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return (int) Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
