package dev.permalinker.reconcile;

import dev.permalinker.cma.AdaptiveRateLimiter;
import dev.permalinker.cma.AssetPages;
import dev.permalinker.retry.Deadline;
import dev.permalinker.cma.ManagementTokens;
import dev.permalinker.cma.StackWebhooks;
import dev.permalinker.model.JobPublisher;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.telemetry.Metrics;
import dev.permalinker.telemetry.PipelineMetric;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconciliation run: for every stack and branch, an {@link AssetScan} over {@code [now - lookback,
 * now - grace]}; then, per stack, the webhook check ({@link WebhookWatch}). Logs one JSON event per watched webhook
 * and one for the run; records {@code ReconcileQueued} (assets the webhooks missed) and {@code WebhookUnhealthy} (by
 * finding). Nothing here throws for bad answers: a problem ends that part of the run, is logged and reported, and
 * the next run tries again.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final List<String> apiKeys;
    private final List<String> branches;
    private final Duration lookback;
    private final Duration grace;
    private final AssetScan scan;
    private final WebhookWatch watch;
    private final Metrics metrics;
    private final Clock clock;
    private final JobBacklog backlog;

    public Reconciler(List<String> apiKeys, List<String> branches, Duration lookback, Duration grace, AssetScan scan,
                      WebhookWatch watch, Metrics metrics, Clock clock) {
        this(apiKeys, branches, lookback, grace, scan, watch, metrics, clock, JobBacklog.UNKNOWN);
    }

    private Reconciler(List<String> apiKeys, List<String> branches, Duration lookback, Duration grace,
                       AssetScan scan, WebhookWatch watch, Metrics metrics, Clock clock, JobBacklog backlog) {
        this.backlog = backlog;
        this.apiKeys = List.copyOf(apiKeys);
        this.branches = List.copyOf(branches);
        this.lookback = lookback;
        this.grace = grace;
        this.scan = scan;
        this.watch = watch;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The reconciler a configuration describes (tokens resolved), sending jobs through {@code publisher}. */
    public static Reconciler create(ReconcileConfig config, JobPublisher publisher, Metrics metrics, JsonCodec json,
                                    Clock clock) {
        return create(config, config.cmaBaseUrl(), config.tokens(), publisher, metrics, json, clock);
    }

    /**
     * The same over another CMA and tokens (SnapStart priming's loopback CMA). Asset pages and the webhook list share
     * one read budget: {@code CS_RATE_LIMIT × CS_RATE_SHARE} per second at most, adaptive.
     */
    public static Reconciler create(ReconcileConfig config, URI cmaBaseUrl, ManagementTokens tokens,
                                    JobPublisher publisher, Metrics metrics, JsonCodec json, Clock clock) {
        AdaptiveRateLimiter readBudget = AdaptiveRateLimiter.create(config.readRate());
        AssetScan scan = new AssetScan(AssetScan.reads(new AssetPages(cmaBaseUrl, tokens, json)), publisher,
                readBudget, clock, config.cmaTimeout());
        WebhookWatch watch = new CmaWebhookWatch(StackWebhooks.create(cmaBaseUrl, tokens, json).pacedBy(readBudget),
                config.publicWebhookUrl(), config.cmaTimeout());
        return new Reconciler(config.apiKeys(), config.branches(), config.lookback(), config.grace(), scan, watch,
                metrics, clock);
    }

    /** This reconciler, with its asset scans waiting while {@code backlog} says jobs are waiting in the queue. */
    public Reconciler withBacklog(JobBacklog jobBacklog) {
        return new Reconciler(apiKeys, branches, lookback, grace, scan, watch, metrics, clock, jobBacklog);
    }

    /** Runs once; the caller flushes the metrics. */
    public ReconcileReport run(Deadline deadline) throws InterruptedException {
        long started = System.nanoTime();
        Instant now = clock.instant();
        ReconcileWindow window = ReconcileWindow.of(now, lookback, grace);
        List<StackScan> scans = new ArrayList<>();
        List<ScanProblem> problems = new ArrayList<>();
        long waiting = backlog.waitingJobs().orElse(0);
        if (waiting > 0) {
            LOG.atInfo().addKeyValue("outcome", "reconcile_deferred").addKeyValue("waiting", waiting)
                    .log("jobs are waiting in the queue: the asset scan waits for the drain, the webhooks are checked");
        }
        for (String apiKey : waiting > 0 ? List.<String>of() : apiKeys) {
            for (String branch : branches) {
                StackScan result = scan.scan(apiKey, branch, window, deadline);
                scans.add(result);
                if (result.problem() != null) {
                    problems.add(result.problem());
                }
            }
        }
        List<WatchedWebhook> webhooks = new ArrayList<>();
        int webhookReads = 0;
        for (String apiKey : apiKeys) {
            webhookReads++;
            try {
                for (WatchedWebhook webhook : watch.check(apiKey)) {
                    webhooks.add(webhook);
                    log(webhook);
                    webhook.findings().forEach(finding -> metrics.count(PipelineMetric.WEBHOOK_UNHEALTHY, finding));
                }
            } catch (WebhookWatch.UnreadableException e) {
                ScanProblem problem = new ScanProblem(ScanProblem.WEBHOOKS_UNREADABLE, e.getMessage());
                problems.add(problem);
                LOG.atWarn().addKeyValue("outcome", "webhook_check_failed").addKeyValue("apiKey", apiKey)
                        .addKeyValue("errorCode", problem.code()).addKeyValue("detail", problem.detail())
                        .log("could not read the stack's webhooks; the next run tries again");
            }
        }
        ReconcileReport report = new ReconcileReport(now, window, scans, webhooks, webhookReads, problems);
        metrics.record(PipelineMetric.RECONCILE_QUEUED, null, report.queued());
        metrics.record(PipelineMetric.RECONCILE_UNQUEUED, null, report.skipped().getOrDefault(SkipReason.UNQUEUED, 0));
        var event = (problems.isEmpty() ? LOG.atInfo() : LOG.atWarn()).addKeyValue("outcome", "reconciled")
                .addKeyValue("scanned", report.scanned()).addKeyValue("queued", report.queued())
                .addKeyValue("reads", report.reads()).addKeyValue("unhealthyWebhooks", report.unhealthy().size())
                .addKeyValue("waiting", waiting)
                .addKeyValue("problems", problems.size())
                .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000);
        event.log(report.queued() > 0 ? "reconciled: queued assets the webhooks missed" : "reconciled");
        return report;
    }

    private static void log(WatchedWebhook webhook) {
        (webhook.healthy() ? LOG.atInfo() : LOG.atWarn())
                .addKeyValue("outcome", webhook.healthy() ? "webhook_healthy" : "webhook_unhealthy")
                .addKeyValue("apiKey", webhook.apiKey()).addKeyValue("webhookUid", webhook.uid())
                .addKeyValue("webhookName", webhook.name())
                .addKeyValue("findings", String.join(",", webhook.findings()))
                .addKeyValue("retryPolicy", webhook.retryPolicy())
                .addKeyValue("concisePayload", webhook.concisePayload())
                .addKeyValue("branches", String.join(",", webhook.branches()))
                .log(webhook.healthy() ? "webhook checked" : "webhook cannot deliver asset creations");
    }
}
