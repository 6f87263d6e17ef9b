package dev.permalinker.ops.trace;

import dev.permalinker.ledger.AssetEntry;
import dev.permalinker.ledger.AssetLookup;
import dev.permalinker.ops.DlqMessage;
import dev.permalinker.ops.trace.AssetStory.Entry;
import dev.permalinker.ops.trace.TraceSources.Execution;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A story as a person reads it (a few lines, oldest first, then now and the verdict) or as a script reads it (one
 * JSON object). Neither carries a token, secret, signature, receipt handle or message body.
 */
public final class TraceReport {
    private TraceReport() {
    }

    public static void print(AssetStory story, Instant now, PrintStream out) {
        out.printf("asset %s  stack %s  branch %s%n", story.assetUid(), story.apiKey(), story.branch());
        String ledger = ledgerLine(story);
        if (ledger != null) {
            out.println("ledger:        " + ledger);
        }
        out.println("CMA now:       " + cmaLine(story));
        out.println("story (oldest first, since " + story.from().truncatedTo(ChronoUnit.SECONDS) + "):");
        if (story.timeline().isEmpty()) {
            out.println("  (nothing)");
        }
        for (Entry entry : story.timeline()) {
            out.printf("  %-24s %-12s %s%n", entry.at().truncatedTo(ChronoUnit.MILLIS), entry.source(),
                    entry.text());
        }
        out.println("queues now:    " + waitingLine(story, now));
        out.println("contentstack:  " + executionsLine(story));
        story.gaps().forEach((part, reason) -> out.println("not read:      " + part + ": " + reason));
        out.println("verdict: " + story.verdict().label());
        out.println("next:    " + story.verdict().nextStep());
    }

    /** The asset's row in words; {@code null} when no ledger is configured. */
    private static String ledgerLine(AssetStory story) {
        AssetLookup row = story.ledger();
        if (row == null) {
            return story.gaps().containsKey("ledger") ? "(not read)" : null;
        }
        if (row instanceof AssetLookup.Unreadable unreadable) {
            return "a row it cannot read (" + unreadable.reason() + ")";
        }
        return row.found().map(entry -> AssetTrace.ledgerState(entry)
                + (entry.permanentUrl() == null ? "" : ", URL " + entry.permanentUrl())
                + ", first seen " + entry.firstSeen().truncatedTo(ChronoUnit.SECONDS)
                + ", last change " + entry.lastChange().truncatedTo(ChronoUnit.SECONDS))
                .orElse("no row (never heard of, or expired)");
    }

    private static String cmaLine(AssetStory story) {
        AssetStory.Cma cma = story.cma();
        if (cma == null) {
            return "(not read)";
        }
        if (!cma.exists()) {
            return "not found (deleted, or never in this stack and branch)";
        }
        String created = cma.createdAt() == null ? ""
                : ", created " + cma.createdAt().truncatedTo(ChronoUnit.MILLIS);
        if (!cma.urlSet()) {
            return "exists" + created + "; no permanent_url"
                    + (cma.expectedUrl() == null ? "" : " (the rule would give " + cma.expectedUrl() + ")");
        }
        return "exists" + created + "; permanent_url " + cma.permanentUrl()
                + (cma.expectedUrl() == null ? "" : cma.urlMatchesRule() ? " (matches today's rule)"
                : " (differs from today's rule: " + cma.expectedUrl() + ")");
    }

    private static String waitingLine(AssetStory story, Instant now) {
        List<String> parts = new ArrayList<>();
        if (story.deadLetters().isEmpty()) {
            parts.add(story.gaps().containsKey("dlq") ? "DLQ not read" : "nothing in the DLQ for it");
        }
        for (DlqMessage message : story.deadLetters()) {
            parts.add("in the DLQ: " + message.code() + " - " + message.detail() + (message.sentAt() == null ? ""
                    : ", " + age(Duration.between(message.sentAt(), now)) + " ago"));
        }
        if (story.queue() != null) {
            parts.add("queue " + story.queue().visible() + " visible, " + story.queue().inFlight() + " in flight"
                    + (story.queue().dlqVisible() < 0 ? "" : "; DLQ " + story.queue().dlqVisible()));
        }
        LogEvent last = story.events().isEmpty() ? null : story.events().get(story.events().size() - 1);
        if (story.verdict().kind() == Verdict.Kind.WAITING && last != null) {
            parts.add("its job waits since " + age(Duration.between(last.timestamp(), now)) + " ago");
        }
        return String.join("; ", parts);
    }

    private static String executionsLine(AssetStory story) {
        if (story.executions() == null) {
            return "(not read)";
        }
        return story.executions().isEmpty() ? "no webhook execution mentions it since " + story.from()
                : story.executions().size() + " execution(s), in the story above";
    }

    static String age(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 120) {
            return seconds + " s";
        }
        return seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
    }

    /**
     * The row as {@code {"state","failureCode","queuedBy","permanentUrl","attempts","firstSeen","lastChange"}};
     * {@code {"state":"absent"}} or {@code {"state":"unreadable","reason"}}; {@code null} without a ledger.
     */
    private static Map<String, Object> ledgerJson(AssetLookup row) {
        if (row == null) {
            return null;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        if (row instanceof AssetLookup.Unreadable unreadable) {
            view.put("state", "unreadable");
            view.put("reason", unreadable.reason());
            return view;
        }
        AssetEntry entry = row.found().orElse(null);
        if (entry == null) {
            view.put("state", "absent");
            return view;
        }
        view.put("state", entry.state().wire());
        view.put("failureCode", entry.failure() == null ? null : entry.failure().wire());
        view.put("queuedBy", entry.queuedBy() == null ? null : entry.queuedBy().wire());
        view.put("permanentUrl", entry.permanentUrl());
        view.put("attempts", entry.attempts());
        view.put("firstSeen", entry.firstSeen().toString());
        view.put("lastChange", entry.lastChange().toString());
        return view;
    }

    /** The same story as one JSON-ready map. */
    public static Map<String, Object> json(AssetStory story) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("assetUid", story.assetUid());
        view.put("apiKey", story.apiKey());
        view.put("branch", story.branch());
        view.put("from", story.from().toString());
        view.put("to", story.to().toString());
        view.put("verdict", story.verdict().label());
        view.put("verdictKind", story.verdict().kind().name().toLowerCase(Locale.ROOT));
        view.put("failureCode", story.verdict().code());
        view.put("nextStep", story.verdict().nextStep());
        view.put("ledger", ledgerJson(story.ledger()));
        AssetStory.Cma cma = story.cma();
        if (cma != null) {
            Map<String, Object> asset = new LinkedHashMap<>();
            asset.put("exists", cma.exists());
            asset.put("permanentUrl", cma.permanentUrl());
            asset.put("expectedUrl", cma.expectedUrl());
            asset.put("matchesRule", cma.urlSet() && cma.expectedUrl() != null ? cma.urlMatchesRule() : null);
            asset.put("createdAt", cma.createdAt() == null ? null : cma.createdAt().toString());
            view.put("cma", asset);
        } else {
            view.put("cma", null);
        }
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (Entry entry : story.timeline()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("at", entry.at().toString());
            line.put("source", entry.source());
            line.put("text", entry.text());
            timeline.add(line);
        }
        view.put("timeline", timeline);
        List<Map<String, Object>> events = new ArrayList<>();
        for (LogEvent event : story.events()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("timestamp", event.timestamp().toString());
            line.put("source", AssetTrace.source(event));
            line.put("outcome", event.outcome());
            line.put("status", event.status());
            line.put("errorCode", event.errorCode());
            line.put("detail", event.detail());
            line.put("attempt", event.attempt());
            line.put("messageId", event.messageId());
            events.add(line);
        }
        view.put("events", events);
        view.put("logSource", story.logSource());
        List<Map<String, Object>> dead = new ArrayList<>();
        for (DlqMessage message : story.deadLetters()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("code", message.code());
            line.put("detail", message.detail());
            line.put("attempts", message.attempts());
            line.put("sentAt", message.sentAt() == null ? null : message.sentAt().toString());
            line.put("messageId", message.messageId());
            dead.add(line);
        }
        view.put("deadLetters", dead);
        if (story.queue() != null) {
            Map<String, Object> queue = new LinkedHashMap<>();
            queue.put("visible", story.queue().visible());
            queue.put("inFlight", story.queue().inFlight());
            queue.put("dlqVisible", story.queue().dlqVisible() < 0 ? null : story.queue().dlqVisible());
            queue.put("dlqInFlight", story.queue().dlqVisible() < 0 ? null : story.queue().dlqInFlight());
            view.put("queue", queue);
        } else {
            view.put("queue", null);
        }
        if (story.executions() != null) {
            List<Map<String, Object>> executions = new ArrayList<>();
            for (Execution execution : story.executions()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("at", execution.at().toString());
                line.put("webhook", execution.webhook());
                line.put("statusCode", execution.statusCode());
                line.put("attempts", execution.attempts());
                line.put("status", execution.status());
                line.put("tried", execution.tried().stream().map(attempt -> {
                    Map<String, Object> tried = new LinkedHashMap<>();
                    tried.put("at", attempt.at() == null ? null : attempt.at().toString());
                    tried.put("number", attempt.number());
                    tried.put("outcome", attempt.outcome());
                    return tried;
                }).toList());
                executions.add(line);
            }
            view.put("executions", executions);
        } else {
            view.put("executions", null);
        }
        view.put("gaps", story.gaps());
        return view;
    }
}
