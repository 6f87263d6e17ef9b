package dev.permalinker.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.cma.ContentstackClient;
import dev.permalinker.retry.Deadline;
import dev.permalinker.cma.ManagementTokens;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.PermanentUrl;
import dev.permalinker.model.Region;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedAsset;
import dev.permalinker.simulator.SimulatedWebhook;
import dev.permalinker.simulator.WebhookSpec;
import dev.permalinker.telemetry.Metrics;
import dev.permalinker.telemetry.PipelineMetric;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reconciler against the stateful simulator on a loopback port: real HTTP, real paging, real webhook reads. */
class ReconcilerIT {
    private static final String TOKEN = "reconciler-it-token";
    private static final String STACK = "bltreconcile0001";
    private static final String INGEST = "https://abc.execute-api.eu-west-1.amazonaws.com/webhooks/contentstack";

    private final ContentstackSimulator cma = ContentstackSimulator.start(0, TOKEN, 50);
    private final JsonCodec json = JsonCodec.create();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
    private final List<PermalinkJob> queued = new ArrayList<>();
    private final RecordingMetrics metrics = new RecordingMetrics();

    @AfterEach
    void stop() {
        cma.close();
    }

    private ReconcileConfig config(String... extra) {
        Map<String, String> env = new HashMap<>(Map.of("CS_APIKEY", STACK, "CS_MANAGEMENTTOKEN", TOKEN,
                "CS_CMA_URL", cma.baseUrl().toString(), "QUEUE_URL", "http://127.0.0.1:1/queue/jobs.fifo",
                "PUBLIC_WEBHOOK_URL", INGEST, "CS_RATE_LIMIT", "50"));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return ReconcileConfig.fromEnv(env);
    }

    private Reconciler reconciler(ReconcileConfig config) {
        return Reconciler.create(config, queued::add, metrics, json, clock);
    }

    private ReconcileReport run(Reconciler reconciler) throws InterruptedException {
        return reconciler.run(Deadline.after(Duration.ofMinutes(1)));
    }

    private SimulatedAsset asset(String uid, Duration age) {
        return cma.createAsset(STACK, uid, uid + ".png", "image/png", clock.instant().minus(age));
    }

    @Test
    void run_idleStackWithAHealthyWebhook_readsOnePageAndTheWebhookList() throws Exception {
        ContentstackClient client = ContentstackClient.create(cma.baseUrl(), ManagementTokens.forAnyStack(TOKEN), json);
        for (int i = 0; i < 40; i++) {
            SimulatedAsset asset = asset("bltdone" + i, Duration.ofHours(i));
            client.setPermanentUrl(STACK, "main", asset.uid(), PermanentUrl.of(STACK, asset.info(), Region.NA, null),
                    Duration.ofSeconds(5));
        }
        // Added after the uploads: the simulator would deliver their webhooks to a URL nothing answers.
        SimulatedWebhook ours = cma.addWebhook(STACK, WebhookSpec.assetCreations("Permalinker", INGEST));
        int before = cma.received().size();

        ReconcileReport report = run(reconciler(config()));

        assertThat(report.queued()).isZero();
        assertThat(report.reads()).isEqualTo(2);
        assertThat(cma.received().subList(before, cma.received().size()))
                .extracting(r -> r.method() + " " + r.path())
                .as("CMA requests of one idle run: the asset page, the webhook list, our webhook's executions")
                .containsExactly("GET /v3/assets", "GET /v3/webhooks", "GET /v3/webhooks/" + ours.uid()
                        + "/executions");
        assertThat(report.webhooks()).singleElement().satisfies(webhook -> {
            assertThat(webhook.healthy()).isTrue();
            assertThat(webhook.findings()).isEmpty();
            assertThat(webhook.name()).isEqualTo("Permalinker");
        });
        assertThat(report.problems()).isEmpty();
        assertThat(metrics.sum(PipelineMetric.RECONCILE_QUEUED, null)).isZero();
        assertThat(metrics.recorded).doesNotContainKey(PipelineMetric.WEBHOOK_UNHEALTHY + "/disabled");
    }

    @Test
    void run_assetsTheWebhooksMissed_areQueuedOnceWithTheIngestsIds() throws Exception {
        asset("bltmissed1", Duration.ofMinutes(40));
        asset("bltmissed2", Duration.ofHours(5));
        asset("bltyoung", Duration.ofMinutes(3));
        asset("bltancient", Duration.ofDays(3));
        cma.addWebhook(STACK, WebhookSpec.assetCreations("Permalinker", INGEST));

        ReconcileReport report = run(reconciler(config()));

        assertThat(queued).extracting(PermalinkJob::assetUid).containsExactly("bltmissed1", "bltmissed2");
        assertThat(queued.get(0).deduplicationId()).isEqualTo(PermalinkJob.deduplicationId(STACK, "main",
                "bltmissed1"));
        assertThat(queued.get(0).assetUrl()).contains("/bltmissed1/");
        assertThat(report.skipped()).containsEntry(SkipReason.TOO_YOUNG, 1).containsEntry(SkipReason.TOO_OLD, 1);
        assertThat(metrics.sum(PipelineMetric.RECONCILE_QUEUED, null)).isEqualTo(2);
    }

    @Test
    void run_jobsWaitingInTheQueue_scanWaitsForTheDrainWebhooksStillChecked() throws Exception {
        asset("bltmissed1", Duration.ofMinutes(40));
        cma.addWebhook(STACK, WebhookSpec.assetCreations("Permalinker", INGEST));
        int before = cma.received().size();
        long[] waiting = {1200};
        Reconciler reconciler = reconciler(config()).withBacklog(() -> OptionalLong.of(waiting[0]));

        ReconcileReport during = run(reconciler);

        assertThat(queued).isEmpty();
        assertThat(during.queued()).isZero();
        assertThat(during.webhooks()).singleElement().satisfies(webhook -> assertThat(webhook.healthy()).isTrue());
        assertThat(cma.received().subList(before, cma.received().size()))
                .extracting(r -> r.method() + " " + r.path()).containsExactly("GET /v3/webhooks",
                        "GET /v3/webhooks/" + cma.webhooks().get(0).uid() + "/executions");
        assertThat(metrics.sum(PipelineMetric.RECONCILE_QUEUED, null)).isZero();

        waiting[0] = 0;
        run(reconciler);
        assertThat(queued).extracting(PermalinkJob::assetUid).containsExactly("bltmissed1");

        queued.clear();
        run(reconciler(config()).withBacklog(JobBacklog.UNKNOWN));
        assertThat(queued).as("a queue that cannot be asked does not stop the scan")
                .extracting(PermalinkJob::assetUid).containsExactly("bltmissed1");
    }

    @Test
    void run_disabledWebhook_isReportedAndCountedByFinding() throws Exception {
        SimulatedWebhook ours = cma.addWebhook(STACK, WebhookSpec.assetCreations("Permalinker", INGEST));
        cma.addWebhook(STACK, WebhookSpec.assetCreations("Someone else's", "https://elsewhere.example/hook")
                .withDisabled(true));
        cma.tripCircuitBreaker(ours.uid());

        ReconcileReport report = run(reconciler(config()));

        assertThat(report.unhealthy()).singleElement().satisfies(webhook -> {
            assertThat(webhook.uid()).isEqualTo(ours.uid());
            assertThat(webhook.findings()).contains("disabled", "unhealthy");
        });
        assertThat(metrics.sum(PipelineMetric.WEBHOOK_UNHEALTHY, "disabled")).isEqualTo(1);
        assertThat(metrics.sum(PipelineMetric.WEBHOOK_UNHEALTHY, "unhealthy")).isEqualTo(1);
    }

    @Test
    void run_webhookWhoseDeliveriesMostlyGet404_failingDeliveriesWhileContentstackCallsItHealthy() throws Exception {
        SimulatedWebhook slash = cma.addWebhook(STACK, WebhookSpec.assetCreations("Permalinker", INGEST + "/"));
        cma.recordExecution(slash.uid(), "bltlucky", 404, 200);
        cma.recordExecution(slash.uid(), "bltlost1", 404, 404, 404, 404, 404);
        cma.recordExecution(slash.uid(), "bltlost2", 404, 404, 404, 404, 404);

        ReconcileReport report = run(reconciler(config()));

        assertThat(cma.webhook(slash.uid()).unhealthy()).as("Contentstack's breaker ignores 404s").isFalse();
        assertThat(report.unhealthy()).singleElement().satisfies(webhook ->
                assertThat(webhook.findings()).containsExactly("failing_deliveries"));
        assertThat(metrics.sum(PipelineMetric.WEBHOOK_UNHEALTHY, "failing_deliveries")).isEqualTo(1);
    }

    @Test
    void run_deadlineAlreadySpent_webhookCheckIsNotCalledAndIsAProblem() throws Exception {
        cma.addWebhook(STACK, WebhookSpec.assetCreations("Permalinker", INGEST));
        int before = cma.received().size();

        ReconcileReport report = reconciler(config()).run(Deadline.after(Duration.ZERO));

        assertThat(cma.received().subList(before, cma.received().size()))
                .extracting(r -> r.method() + " " + r.path()).doesNotContain("GET /v3/webhooks");
        assertThat(report.problems()).anySatisfy(problem -> {
            assertThat(problem.code()).isEqualTo(ScanProblem.WEBHOOKS_UNREADABLE);
            assertThat(problem.detail()).contains("deadline");
        });
    }

    @Test
    void run_noWebhookDeliversHere_isTheMissingFinding() throws Exception {
        cma.addWebhook(STACK, WebhookSpec.assetCreations("Elsewhere", "https://elsewhere.example/hook"));

        ReconcileReport report = run(reconciler(config()));

        assertThat(report.unhealthy()).singleElement().satisfies(webhook ->
                assertThat(webhook.findings()).containsExactly("missing"));
        assertThat(metrics.sum(PipelineMetric.WEBHOOK_UNHEALTHY, "missing")).isEqualTo(1);
    }

    @Test
    void run_stackThatKeepsCreatingAssets_neverQueuesOneYoungerThanTheGrace() throws Exception {
        Duration grace = Duration.ofMinutes(15);
        Reconciler reconciler = reconciler(config("RECONCILE_GRACE", grace.toString(), "RECONCILE_LOOKBACK",
                "PT2H"));
        Map<String, Instant> created = new HashMap<>();
        Map<String, Integer> queuedTimes = new ConcurrentHashMap<>();
        int n = 0;
        // Three new assets a minute for an hour (none ever gets its webhook); the reconciler runs every 5 minutes.
        for (int minute = 0; minute < 60; minute++) {
            for (int i = 0; i < 3; i++) {
                String uid = "bltstream" + n++;
                cma.createAsset(STACK, uid, uid + ".png", "image/png", clock.instant());
                created.put(uid, clock.instant());
            }
            clock.advance(Duration.ofMinutes(1));
            if (minute % 5 == 4) {
                Instant runAt = clock.instant();
                int before = queued.size();
                run(reconciler);
                for (PermalinkJob job : queued.subList(before, queued.size())) {
                    assertThat(created.get(job.assetUid())).as("creation of %s, queued at %s", job.assetUid(), runAt)
                            .isBeforeOrEqualTo(runAt.minus(grace));
                    queuedTimes.merge(job.assetUid(), 1, Integer::sum);
                }
            }
        }

        Instant end = clock.instant();
        Set<String> oldEnough = created.entrySet().stream()
                .filter(e -> !e.getValue().isAfter(end.minus(grace))).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(queuedTimes.keySet()).as("every asset past the grace was queued").isEqualTo(oldEnough);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Sums what was recorded, by metric and dimension value. */
    static final class RecordingMetrics implements Metrics {
        final Map<String, Double> recorded = new ConcurrentHashMap<>();

        @Override
        public void record(PipelineMetric metric, String dimensionValue, double value) {
            recorded.merge(metric + "/" + dimensionValue, value, Double::sum);
        }

        @Override
        public void flush() {
        }

        double sum(PipelineMetric metric, String dimensionValue) {
            return recorded.getOrDefault(metric + "/" + dimensionValue, 0.0);
        }
    }
}
