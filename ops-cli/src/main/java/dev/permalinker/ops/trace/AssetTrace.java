package dev.permalinker.ops.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.cma.CmaResponse;
import dev.permalinker.model.AssetInfo;
import dev.permalinker.model.PermanentUrl;
import dev.permalinker.model.Region;
import dev.permalinker.ops.DlqMessage;
import dev.permalinker.ops.trace.AssetStory.Cma;
import dev.permalinker.ops.trace.AssetStory.Entry;
import dev.permalinker.ops.trace.TraceSources.Execution;
import dev.permalinker.ops.trace.TraceSources.QueueView;
import dev.permalinker.ops.trace.Verdict.Kind;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tells one asset's story from every place that knows part of it: the CMA now, our functions' log events, the DLQ and
 * the queue counts, and Contentstack's webhook executions; then the verdict. Read-only. A source that fails becomes a
 * named gap, never a failed trace: the operator gets what could be read.
 */
public final class AssetTrace {
    /** Contentstack's "not found" error codes (CONTENTSTACK-FACTS, "Assets"). */
    private static final int ASSET_NOT_FOUND = 145;
    private static final int OBJECT_NOT_FOUND = 141;

    private final TraceSources.AssetLookup cma;
    private final Region region;
    private final String assetHost;
    private final LogEventSource logs;
    private final TraceSources.DeadLetters deadLetters;
    private final TraceSources.QueueCounts queue;
    private final TraceSources.Executions executions;
    private final Clock clock;

    /** @param assetHost {@code CS_ASSET_HOST}, or {@code null} */
    public AssetTrace(TraceSources.AssetLookup cma, Region region, String assetHost, LogEventSource logs,
                      TraceSources.DeadLetters deadLetters, TraceSources.QueueCounts queue,
                      TraceSources.Executions executions, Clock clock) {
        this.cma = cma;
        this.region = region;
        this.assetHost = assetHost;
        this.logs = logs;
        this.deadLetters = deadLetters;
        this.queue = queue;
        this.executions = executions;
        this.clock = clock;
    }

    public AssetStory trace(String apiKey, String branch, String assetUid, Duration since) {
        Instant to = clock.instant();
        Instant from = to.minus(since);
        Map<String, String> gaps = new LinkedHashMap<>();
        Cma asset = read("cma", gaps, () -> readCma(apiKey, branch, assetUid));
        List<LogEvent> events = listOrEmpty(read("logs", gaps, () -> logs.eventsFor(assetUid, from, to)));
        List<DlqMessage> dead = listOrEmpty(read("dlq", gaps, () -> deadLetters.forAsset(assetUid)));
        QueueView counts = read("queue", gaps, queue::counts);
        List<Execution> delivered = read("executions", gaps, () -> executions.forAsset(apiKey, branch, assetUid,
                from));
        List<Entry> timeline = timeline(asset, events, dead, delivered == null ? List.of() : delivered, from);
        Verdict verdict = verdict(asset, events, dead, counts, delivered, gaps, apiKey, branch, assetUid, since);
        return new AssetStory(assetUid, apiKey, branch, from, to, asset, events, dead, counts, delivered, timeline,
                gaps, logs.describe(), verdict);
    }

    private static <T> T read(String part, Map<String, String> gaps, Supplier<T> question) {
        try {
            return question.get();
        } catch (TraceGap e) {
            gaps.put(part, e.getMessage());
        } catch (RuntimeException e) {
            gaps.put(part, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return null;
    }

    private static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private Cma readCma(String apiKey, String branch, String assetUid) {
        CmaResponse answer;
        try {
            answer = cma.getAsset(apiKey, branch, assetUid);
        } catch (IOException e) {
            throw new TraceGap("cannot reach the CMA: " + TraceGap.reason(e), e);
        }
        if (answer.isSuccess() && answer.asset().isPresent()) {
            JsonNode node = answer.asset().get();
            AssetInfo info = new AssetInfo(assetUid, node.path("filename").asText(""), node.path("url").asText(""),
                    node.path("title").asText(""), node.path("content_type").asText(""),
                    node.path("file_size").asText(""), node.path("is_dir").asBoolean(false));
            String expected = null;
            if (!info.folder() && !info.url().isEmpty()) {
                expected = PermanentUrl.of(apiKey, info, region, assetHost);
            }
            return new Cma(true, answer.permanentUrl().orElse(null), expected,
                    instant(node.path("created_at").asText("")), info.filename());
        }
        if (isNotFound(answer)) {
            return new Cma(false, null, null, null, null);
        }
        if (answer.status() == 401 || answer.status() == 403 || answer.status() == 412) {
            throw new TraceGap("the CMA refused to read the asset (HTTP " + answer.status() + "): check the stack's "
                    + "API key (--stack " + apiKey + ") and its management token");
        }
        throw new TraceGap("the CMA answered HTTP " + answer.status() + answer.errorCode().stream()
                .mapToObj(code -> " error_code " + code).findFirst().orElse(""));
    }

    /** 404, or 422 with {@code error_code} 145 ("asset not found") or 141 ("doesn't exist"), as the worker reads it. */
    static boolean isNotFound(CmaResponse answer) {
        if (answer.status() == 404) {
            return true;
        }
        int code = answer.errorCode().orElse(0);
        return answer.status() == 422 && (code == ASSET_NOT_FOUND || code == OBJECT_NOT_FOUND
                && answer.errorMessage().toLowerCase(Locale.ROOT).contains("exist"));
    }

    private static Instant instant(String value) {
        try {
            return value.isEmpty() ? null : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static List<Entry> timeline(Cma asset, List<LogEvent> events, List<DlqMessage> dead,
                                        List<Execution> delivered, Instant from) {
        List<Entry> entries = new ArrayList<>();
        if (asset != null && asset.createdAt() != null) {
            entries.add(new Entry(asset.createdAt(), "cma", "asset created" + (asset.createdAt().isBefore(from)
                    ? " (before the window searched: widen --since to see its webhook)" : "")));
        }
        for (Execution execution : delivered) {
            entries.add(new Entry(execution.at(), "contentstack", "webhook " + quoted(execution.webhook())
                    + " sent: " + (execution.statusCode() == null ? "no answer" : "HTTP " + execution.statusCode())
                    + (execution.attempts() > 1 ? " after " + execution.attempts() + " attempts" : "")
                    + (execution.status() == null ? "" : " (" + execution.status() + ")")));
        }
        for (LogEvent event : events) {
            entries.add(new Entry(event.timestamp(), source(event), describe(event)));
        }
        for (DlqMessage message : dead) {
            if (message.sentAt() != null) {
                entries.add(new Entry(message.sentAt(), "dlq", "arrived in the DLQ: " + message.code()));
            }
        }
        entries.sort(Comparator.comparing(Entry::at));
        return entries;
    }

    private static String quoted(String name) {
        return name == null ? "" : "\"" + name + "\"";
    }

    /** The stage an event came from, by its logger; unknown loggers keep their own name. */
    static String source(LogEvent event) {
        String logger = event.logger() == null ? "" : event.logger();
        if (event.webhookAnswer() || logger.startsWith("Ingest")) {
            return "ingest";
        }
        if (logger.equals("BatchProcessor") || logger.startsWith("Worker") || logger.startsWith("Permalink")) {
            return "worker";
        }
        if (logger.equals("AssetScan") || logger.startsWith("Reconcil")) {
            return "reconciler";
        }
        return logger.isEmpty() ? "log" : logger;
    }

    /** One event in words, from its stable keys. */
    static String describe(LogEvent event) {
        String outcome = event.outcome() == null ? "event" : event.outcome();
        String attempt = event.attempt() == null ? "" : " (attempt " + event.attempt()
                + (event.receiveCount() != null && event.receiveCount() > 1 ? ", delivery " + event.receiveCount() : "")
                + ")";
        String detail = event.detail() == null || event.detail().isBlank() ? "" : ": " + event.detail();
        if (event.webhookAnswer()) {
            return "webhook answered " + event.status() + " " + outcome + (event.status() >= 300 ? detail : "")
                    + ("queued".equals(outcome) ? ", job queued" : "");
        }
        return switch (outcome) {
            case "written" -> "permanent URL written" + attempt;
            case "already_set" -> "permanent URL found already set" + attempt;
            case "retry" -> "not done, will be retried" + detail + attempt;
            case "dead_lettered" -> "dead-lettered: " + event.errorCode() + detail + attempt;
            case "skipped" -> "skipped: an earlier job of its group failed in the batch";
            case "deferred" -> "deferred: the invocation's time ran out";
            case "reconcile_queued" -> "job queued by the reconciler (no URL after the grace period)";
            default -> outcome + (event.errorCode() == null ? "" : " " + event.errorCode()) + detail;
        };
    }

    private static Verdict verdict(Cma asset, List<LogEvent> events, List<DlqMessage> dead, QueueView counts,
                                   List<Execution> delivered, Map<String, String> gaps, String apiKey, String branch,
                                   String assetUid, Duration since) {
        LogEvent last = events.isEmpty() ? null : events.get(events.size() - 1);
        boolean heardOf = !events.isEmpty() || !dead.isEmpty() || delivered != null && !delivered.isEmpty();
        if (asset != null && asset.urlSet() || asset == null && last != null && last.terminal()
                && !"dead_lettered".equals(last.outcome())) {
            String differs = asset != null && asset.expectedUrl() != null && !asset.urlMatchesRule()
                    ? "nothing to do; note the URL differs from today's rule (" + asset.expectedUrl() + "): it was "
                    + "set by someone else, or the rule changed; a permanent URL cannot be changed"
                    : "nothing to do";
            return new Verdict(Kind.OK, null, differs);
        }
        if (asset != null && !asset.exists()) {
            if (heardOf) {
                return new Verdict(Kind.DELETED, null, dead.isEmpty() ? "nothing to do: the asset was deleted"
                        : "nothing to do: the asset was deleted; clear its dead letter with permalinker-ops dlq purge "
                        + "--yes once the DLQ is reviewed");
            }
            return new Verdict(Kind.NOT_FOUND, null, "no asset " + assetUid + " in stack " + apiKey + " (branch "
                    + branch + "), and nothing about it in our logs, the DLQ or Contentstack's deliveries: check the "
                    + "uid, --stack and --branch");
        }
        if (!dead.isEmpty()) {
            String code = dead.get(dead.size() - 1).code();
            return new Verdict(Kind.DEAD_LETTERED, code, fixFor(code) + "then: permalinker-ops dlq redrive --code "
                    + code);
        }
        if (last != null && !(last.webhookAnswer() && last.status() >= 300)
                && !"dead_lettered".equals(last.outcome())) {
            String depth = counts == null ? "" : " (the queue holds " + counts.visible() + " visible, "
                    + counts.inFlight() + " in flight)";
            return new Verdict(Kind.WAITING, null, "the worker has it" + depth + "; run trace again later, or "
                    + "watch permalinker-ops dlq stats");
        }
        if (asset == null && !heardOf) {
            return new Verdict(Kind.UNKNOWN, null, "the CMA could not be read (" + gaps.getOrDefault("cma", "no answer")
                    + ") and nothing in our logs, the DLQ or Contentstack's deliveries mentions the asset: check "
                    + "CS_APIKEY/--stack, the management token, CS_REGION or CS_CMA_URL, then run trace again");
        }
        String caveat = gaps.containsKey("logs") ? " (our logs could not be read, so this is a guess)"
                : asset == null ? " (the CMA could not be read: check that the asset exists)" : "";
        String created = asset != null && asset.createdAt() != null
                ? asset.createdAt().toString().substring(0, 10) : "<date>";
        String refused = last != null && last.webhookAnswer() ? " The last webhook was answered " + last.status()
                + " " + last.outcome() + "." : "";
        if (last != null && "dead_lettered".equals(last.outcome())) {
            refused = " It was dead-lettered (" + last.errorCode() + ") and is no longer in the DLQ (purged?).";
        }
        return new Verdict(Kind.NEVER_RECEIVED, null, "no job for it within the last " + human(since) + caveat + "."
                + refused + " Queue it with permalinker-ops backfill --since " + created + " (or let the reconciler "
                + "find it), and check the webhook with permalinker-ops webhook status");
    }

    private static String fixFor(String code) {
        return switch (code) {
            case "unauthorized" -> "fix the management token (or the stack's API key), ";
            case "max_receives" -> "check the CMA's status and the dashboard's CMA outcomes, ";
            case "rejected" -> "read the CMA's error_message in permalinker-ops dlq peek, ";
            default -> "";
        };
    }

    static String human(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes % 60 == 0 && minutes > 0 ? minutes / 60 + " h" : minutes + " min";
    }
}
