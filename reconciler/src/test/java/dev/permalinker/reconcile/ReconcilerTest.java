package dev.permalinker.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.cma.AdaptiveRateLimiter;
import dev.permalinker.cma.CmaAnswerException;
import dev.permalinker.cma.CmaResponse;
import dev.permalinker.retry.Deadline;
import dev.permalinker.cma.StackWebhooks;
import dev.permalinker.cma.WebhookHealth;
import dev.permalinker.model.JobPublisher;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.telemetry.PipelineMetric;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final String STACK = "bltstack";

    private final JsonCodec json = JsonCodec.create();
    private final List<PermalinkJob> queued = new ArrayList<>();
    private final ReconcilerIT.RecordingMetrics metrics = new ReconcilerIT.RecordingMetrics();

    private Reconciler reconciler(AssetReads reads, WebhookWatch watch) {
        AssetScan scan = new AssetScan(reads, queued::add, new AdaptiveRateLimiter(1000, System::nanoTime, d -> { }),
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5));
        return new Reconciler(List.of(STACK), List.of("main", "development"), Duration.ofHours(24),
                Duration.ofMinutes(15), scan, watch, metrics, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** The watch over a canned {@code GET /v3/webhooks} answer, read by cma-client as in production. */
    private WebhookWatch answering(int status, String body) {
        return apiKey -> {
            try {
                return CmaWebhookWatch.watched(apiKey, WebhookHealth.evaluate(StackWebhooks.webhooksOf(
                        "GET /v3/webhooks", CmaResponse.of(status, body, json)), Optional.empty()));
            } catch (CmaAnswerException e) {
                throw new WebhookWatch.UnreadableException(e.getMessage(), e);
            }
        };
    }

    @Test
    void run_everyStackAndBranch_isScannedAndTheBranchIsInTheJob() throws Exception {
        FakeStack stack = new FakeStack();
        stack.add("bltmissed", NOW.minus(Duration.ofHours(1)));

        ReconcileReport report = reconciler(stack, WebhookWatch.NONE).run(Deadline.after(Duration.ofMinutes(1)));

        assertThat(report.scans()).extracting(StackScan::branch).containsExactly("main", "development");
        assertThat(queued).extracting(PermalinkJob::branch).containsExactly("main", "development");
        assertThat(queued).extracting(PermalinkJob::deduplicationId).doesNotHaveDuplicates();
        assertThat(report.window()).isEqualTo(new ReconcileWindow(NOW.minus(Duration.ofHours(24)),
                NOW.minus(Duration.ofMinutes(15))));
        assertThat(metrics.sum(PipelineMetric.RECONCILE_QUEUED, null)).isEqualTo(2);
    }

    @Test
    void run_queueRefusesAJob_countedAsUnqueuedAndTheRunCompletes() throws Exception {
        FakeStack stack = new FakeStack();
        stack.add("bltodd", NOW.minus(Duration.ofHours(1)));
        stack.add("bltmissed", NOW.minus(Duration.ofHours(2)));
        AssetScan scan = new AssetScan(stack, job -> {
            if (job.assetUid().equals("bltodd")) {
                throw JobPublisher.PublishException.refusedJob("SQS send failed: InvalidMessageContentsException",
                        null);
            }
            queued.add(job);
        }, new AdaptiveRateLimiter(1000, System::nanoTime, d -> { }), Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofSeconds(5));
        Reconciler reconciler = new Reconciler(List.of(STACK), List.of("main", "development"), Duration.ofHours(24),
                Duration.ofMinutes(15), scan, WebhookWatch.NONE, metrics, Clock.fixed(NOW, ZoneOffset.UTC));

        ReconcileReport report = reconciler.run(Deadline.after(Duration.ofMinutes(1)));

        assertThat(report.problems()).isEmpty();
        assertThat(queued).extracting(PermalinkJob::assetUid).containsExactly("bltmissed", "bltmissed");
        assertThat(metrics.sum(PipelineMetric.RECONCILE_UNQUEUED, null)).isEqualTo(2);
        assertThat(metrics.sum(PipelineMetric.RECONCILE_QUEUED, null)).isEqualTo(2);
    }

    @Test
    void run_webhookListWithUnknownFields_isReadAndJudged() throws Exception {
        String body = """
                {"webhooks":[{"uid":"bltw1","name":"Permalinker","channels":["assets.create"],"branches":["main"],
                  "destinations":[{"target_url":"https://example.com/webhooks/contentstack","brand_new":{"x":1}}],
                  "retry_policy":"manual","disabled":false,"concise_payload":true,"unhealthy":{"state":false},
                  "some_future_field":[1,2,3],"org_uid":"bltorg"}],
                 "pagination":{"next":null}}
                """;

        ReconcileReport report = reconciler(new FakeStack(), answering(200, body))
                .run(Deadline.after(Duration.ofMinutes(1)));

        assertThat(report.problems()).isEmpty();
        assertThat(report.webhooks()).singleElement().satisfies(webhook -> {
            assertThat(webhook.healthy()).as("a manual retry policy is a warning").isTrue();
            assertThat(webhook.findings()).containsExactly("manual_retry");
            assertThat(webhook.concisePayload()).isTrue();
        });
        assertThat(metrics.sum(PipelineMetric.WEBHOOK_UNHEALTHY, "manual_retry")).isEqualTo(1);
    }

    @Test
    void run_webhookListWithoutWebhooks_isAClearProblemAndTheNextRunTriesAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        WebhookWatch broken = answering(200, "{\"notice\":\"maintenance\"}");
        WebhookWatch counted = apiKey -> {
            calls.incrementAndGet();
            return broken.check(apiKey);
        };
        Reconciler reconciler = reconciler(new FakeStack(), counted);

        ReconcileReport first = reconciler.run(Deadline.after(Duration.ofMinutes(1)));
        ReconcileReport second = reconciler.run(Deadline.after(Duration.ofMinutes(1)));

        assertThat(first.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo(ScanProblem.WEBHOOKS_UNREADABLE);
            assertThat(problem.detail()).contains("GET /v3/webhooks");
        });
        assertThat(second.problems()).hasSize(1);
        assertThat(calls).hasValue(2);
        assertThat(first.scans()).allMatch(StackScan::complete);
    }

    @Test
    void run_assetListWithoutAssets_endsThatScanAndStillChecksTheWebhooks() throws Exception {
        AssetReads broken = (apiKey, branch, skip, limit, timeout) -> CmaResponse.of(200, "{}", json);
        AtomicInteger checks = new AtomicInteger();

        ReconcileReport report = reconciler(broken, apiKey -> {
            checks.incrementAndGet();
            return List.of();
        }).run(Deadline.after(Duration.ofMinutes(1)));

        assertThat(report.problems()).extracting(ScanProblem::code).containsExactly(ScanProblem.NO_ASSETS,
                ScanProblem.NO_ASSETS);
        assertThat(checks).hasValue(1);
        assertThat(metrics.sum(PipelineMetric.RECONCILE_QUEUED, null)).isZero();
    }
}
