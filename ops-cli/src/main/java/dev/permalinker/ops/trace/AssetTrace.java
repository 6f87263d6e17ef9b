package dev.permalinker.ops.trace;

import dev.permalinker.cma.CmaAnswer;
import dev.permalinker.cma.CmaAsset;
import dev.permalinker.cma.CmaResponse;
import dev.permalinker.ledger.AssetEntry;
import dev.permalinker.ledger.AssetLookup;
import dev.permalinker.ledger.AssetState;
import dev.permalinker.model.AssetInfo;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.PermanentUrl;
import dev.permalinker.model.Region;
import dev.permalinker.model.WorkerOutcome;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tells one asset's story from every place that knows part of it: the CMA now, our functions' log events, the DLQ and
 * the queue counts, and Contentstack's webhook executions; then the verdict. Read-only. A source that fails becomes a
 * named gap, never a failed trace: the operator gets what could be read. The CMA's answer is read as the worker reads
 * it, through cma-client's {@link CmaAnswer}; our events and dead letters through the pipeline's own vocabulary
 * ({@link WorkerOutcome}, {@link FailureCode}).
 */
public final class AssetTrace {
    private final TraceSources.AssetLookup cma;
    private final Region region;
    private final String assetHost;
    private final LogEventSource logs;
    private final TraceSources.DeadLetters deadLetters;
    private final TraceSources.QueueCounts queue;
    private final TraceSources.Executions executions;
    private final TraceSources.LedgerRows ledger;
    private final Clock clock;

    /** Without the asset ledger. @param assetHost {@code CS_ASSET_HOST}, or {@code null} */
    public AssetTrace(TraceSources.AssetLookup cma, Region region, String assetHost, LogEventSource logs,
                      TraceSources.DeadLetters deadLetters, TraceSources.QueueCounts queue,
                      TraceSources.Executions executions, Clock clock) {
        this(null, cma, region, assetHost, logs, deadLetters, queue, executions, clock);
    }

    /**
     * @param ledger    the asset ledger's rows, or {@code null} when no ledger is configured
     * @param assetHost {@code CS_ASSET_HOST}, or {@code null}
     */
    public AssetTrace(TraceSources.LedgerRows ledger, TraceSources.AssetLookup cma, Region region, String assetHost,
                      LogEventSource logs, TraceSources.DeadLetters deadLetters, TraceSources.QueueCounts queue,
                      TraceSources.Executions executions, Clock clock) {
        this.ledger = ledger;
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
        // The ledger first: one read that says where the asset stands, when it is configured.
        AssetLookup row = ledger == null ? null : read("ledger", gaps, () -> ledger.find(apiKey, branch, assetUid));
        Cma asset = read("cma", gaps, () -> readCma(apiKey, branch, assetUid));
        // Only this stack's and branch's lines: another stack's asset with the same uid is another story (its
        // "written" once made this one's verdict ok).
        List<LogEvent> events = listOrEmpty(read("logs", gaps, () -> logs.eventsFor(assetUid, from, to))).stream()
                .filter(event -> event.about(apiKey, branch)).toList();
        List<DlqMessage> dead = listOrEmpty(read("dlq", gaps, () -> deadLetters.forAsset(assetUid)));
        QueueView counts = read("queue", gaps, queue::counts);
        List<Execution> delivered = read("executions", gaps, () -> executions.forAsset(apiKey, branch, assetUid,
                from));
        List<Entry> timeline = timeline(row, asset, events, dead, delivered == null ? List.of() : delivered, from);
        Verdict verdict = verdict(row, asset, events, dead, counts, delivered, gaps, apiKey, branch, assetUid, since);
        return new AssetStory(assetUid, apiKey, branch, from, to, row, asset, events, dead, counts, delivered,
                timeline, gaps, logs.describe(), verdict);
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
        CmaAnswer verdict = answer.answer();
        if (verdict.kind() == CmaAnswer.Kind.DONE && answer.asset().isPresent()) {
            CmaAsset asset = answer.asset().get();
            AssetInfo info = asset.info();
            String expected = null;
            if (!info.folder() && !info.url().isEmpty()) {
                expected = PermanentUrl.of(apiKey, info, region, assetHost);
            }
            return new Cma(true, asset.permanentUrl().orElse(null), expected, asset.createdAt().orElse(null),
                    info.filename());
        }
        if (verdict.kind() == CmaAnswer.Kind.MISSING) {
            return new Cma(false, null, null, null, null);
        }
        if (verdict.kind() == CmaAnswer.Kind.CREDENTIALS_REFUSED) {
            throw new TraceGap("the CMA refused to read the asset (HTTP " + answer.status() + "): check the stack's "
                    + "API key (--stack " + apiKey + ") and its management token" + verdict.regionHint(region));
        }
        throw new TraceGap("the CMA answered HTTP " + answer.status() + answer.errorCode().stream()
                .mapToObj(code -> " error_code " + code).findFirst().orElse(""));
    }

    private static List<Entry> timeline(AssetLookup row, Cma asset, List<LogEvent> events, List<DlqMessage> dead,
                                        List<Execution> delivered, Instant from) {
        List<Entry> entries = new ArrayList<>();
        AssetEntry entry = row == null ? null : row.found().orElse(null);
        if (entry != null) {
            entries.add(new Entry(entry.firstSeen(), "ledger", "first recorded"));
            if (entry.lastChange().isAfter(entry.firstSeen())) {
                entries.add(new Entry(entry.lastChange(), "ledger", "now " + ledgerState(entry)));
            }
        }
        if (asset != null && asset.createdAt() != null) {
            entries.add(new Entry(asset.createdAt(), "cma", "asset created" + (asset.createdAt().isBefore(from)
                    ? " (before the window searched: widen --since to see its webhook)" : "")));
        }
        for (Execution execution : delivered) {
            entries.add(new Entry(execution.at(), "contentstack", "webhook " + quoted(execution.webhook())
                    + " sent: " + (execution.statusCode() == null
                    ? (execution.tried().isEmpty() ? "no answer" : "no HTTP status (see its attempts)")
                    : "HTTP " + execution.statusCode())
                    + (execution.attempts() > 1 ? " after " + execution.attempts() + " attempts" : "")
                    + (execution.status() == null ? "" : " (" + execution.status() + ")")));
            // Each attempt as Contentstack saw it: a network error ("read ECONNRESET") is the one fact that says
            // our endpoint reset the connection (a deploy, a WAF rule, a certificate chain).
            for (TraceSources.Attempt attempt : execution.tried()) {
                entries.add(new Entry(attempt.at() != null ? attempt.at() : execution.at(), "contentstack",
                        "  attempt " + attempt.number() + ": " + attempt.outcome()));
            }
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
        WorkerOutcome worker = event.workerOutcome().orElse(null);
        if (worker == null) {
            return "reconcile_queued".equals(outcome) ? "job queued by the reconciler (no URL after the grace period)"
                    : outcome + (event.errorCode() == null ? "" : " " + event.errorCode()) + detail;
        }
        return switch (worker) {
            case WRITTEN -> "permanent URL written" + attempt;
            case ALREADY_SET -> "permanent URL found already set" + attempt;
            case RETRY -> "not done, will be retried" + detail + attempt;
            case DEAD_LETTERED -> "dead-lettered: " + event.errorCode() + detail + attempt;
            case SKIPPED -> "skipped: an earlier job of its group failed in the batch";
            case DEFERRED -> "deferred: the invocation's time ran out";
        };
    }

    /** The row's state in words: {@code written (queued by webhook), 2 attempt(s)}. */
    public static String ledgerState(AssetEntry entry) {
        return entry.state().wire() + (entry.failure() == null ? "" : ": " + entry.failure().wire())
                + (entry.queuedBy() == null ? "" : " (queued by " + entry.queuedBy().wire() + ")")
                + ", " + entry.attempts() + " attempt(s)";
    }

    private static Verdict verdict(AssetLookup row, Cma asset, List<LogEvent> events, List<DlqMessage> dead,
                                   QueueView counts, List<Execution> delivered, Map<String, String> gaps,
                                   String apiKey, String branch, String assetUid, Duration since) {
        LogEvent last = events.isEmpty() ? null : events.get(events.size() - 1);
        AssetEntry entry = row == null ? null : row.found().orElse(null);
        boolean heardOf = !events.isEmpty() || !dead.isEmpty() || delivered != null && !delivered.isEmpty()
                || entry != null;
        if (asset != null && asset.urlSet() || asset == null && last != null && last.terminal()
                && !last.is(WorkerOutcome.DEAD_LETTERED) || asset == null && row != null && row.hasPermanentUrl()) {
            String differs = asset != null && asset.expectedUrl() != null && !asset.urlMatchesRule()
                    ? "nothing to do; note the URL differs from today's rule (" + asset.expectedUrl() + "): it was "
                    + "set by someone else, or the rule changed; a permanent URL cannot be changed"
                    : "nothing to do";
            return new Verdict(Kind.OK, null, differs);
        }
        if (asset != null && !asset.exists()) {
            if (heardOf) {
                // Never a purge: it empties the whole DLQ, every other asset's dead letter with it.
                return new Verdict(Kind.DELETED, null, dead.isEmpty() ? "nothing to do: the asset was deleted"
                        : "nothing to do: the asset was deleted. Its dead letter needs no redrive (the job would only "
                        + "fail again); it leaves the DLQ with the queue's retention (permalinker-ops dlq peek shows "
                        + "it)");
            }
            return new Verdict(Kind.NOT_FOUND, null, "no asset " + assetUid + " in stack " + apiKey + " (branch "
                    + branch + "), and nothing about it in our logs, the DLQ or Contentstack's deliveries: check the "
                    + "uid, --stack and --branch");
        }
        if (!dead.isEmpty()) {
            String code = dead.get(dead.size() - 1).code();
            return new Verdict(Kind.DEAD_LETTERED, code, fixFor(code) + "then redrive its dead letter (this asset's "
                    + "only): permalinker-ops dlq redrive --asset " + assetUid);
        }
        if (entry != null && entry.state() == AssetState.DEAD_LETTERED && gaps.containsKey("dlq")) {
            String code = entry.failure().wire();
            return new Verdict(Kind.DEAD_LETTERED, code, fixFor(code) + "then redrive its dead letter (the asset "
                    + "ledger has it dead-lettered; the DLQ could not be read): permalinker-ops dlq redrive --asset "
                    + assetUid);
        }
        if (last == null && entry != null && entry.state() == AssetState.QUEUED) {
            return new Verdict(Kind.WAITING, null, "the asset ledger has it queued by " + entry.queuedBy().wire()
                    + " since " + entry.lastChange() + "; run trace again later, or watch permalinker-ops dlq stats");
        }
        if (last != null && !(last.webhookAnswer() && last.status() >= 300)
                && !last.is(WorkerOutcome.DEAD_LETTERED)) {
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
        if (last != null && last.is(WorkerOutcome.DEAD_LETTERED)) {
            refused = " It was dead-lettered (" + last.errorCode() + ") and is no longer in the DLQ (redriven, expired "
                    + "or emptied).";
        }
        return new Verdict(Kind.NEVER_RECEIVED, null, "no job for it within the last " + human(since) + caveat + "."
                + refused + " Queue it with permalinker-ops backfill --since " + created + " (or let the reconciler "
                + "find it), and check the webhook with permalinker-ops webhook status");
    }

    private static String fixFor(String code) {
        FailureCode failure = Arrays.stream(FailureCode.values()).filter(c -> c.wire().equals(code)).findFirst()
                .orElse(null);
        if (failure == null) {
            return "";
        }
        return switch (failure) {
            case UNAUTHORIZED -> "fix the management token (or the stack's API key), ";
            case MAX_RECEIVES -> "check the CMA's status and the dashboard's CMA outcomes, ";
            case REJECTED -> "read the CMA's error_message in permalinker-ops dlq peek, ";
            default -> "";
        };
    }

    static String human(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes % 60 == 0 && minutes > 0 ? minutes / 60 + " h" : minutes + " min";
    }
}
