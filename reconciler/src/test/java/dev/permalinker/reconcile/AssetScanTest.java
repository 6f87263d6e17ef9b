package dev.permalinker.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.cma.AdaptiveRateLimiter;
import dev.permalinker.cma.CmaResponse;
import dev.permalinker.retry.Deadline;
import dev.permalinker.retry.Retrier;
import dev.permalinker.model.JobPublisher;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AssetScanTest {
    private static final String STACK = "bltstack";
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Duration LOOKBACK = Duration.ofHours(24);
    private static final Duration GRACE = Duration.ofMinutes(15);
    private static final ReconcileWindow WINDOW = ReconcileWindow.of(NOW, LOOKBACK, GRACE);

    private final JsonCodec json = JsonCodec.create();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<PermalinkJob> published = new ArrayList<>();
    private final JobPublisher publisher = published::add;
    private final List<Duration> waits = new ArrayList<>();
    private final AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(1000, System::nanoTime, waits::add);
    /** The back-off's waits between tries of a page, recorded rather than spent; jitter at its ceiling. */
    private final List<Duration> backoffs = new ArrayList<>();
    private final Retrier retrier = new Retrier(System::nanoTime, backoffs::add, () -> 1.0);

    private AssetScan scan(AssetReads reads) {
        return new AssetScan(reads, publisher, limiter, clock, Duration.ofSeconds(5), retrier);
    }

    private StackScan run(AssetReads reads) throws InterruptedException {
        return scan(reads).scan(STACK, "main", WINDOW, Deadline.after(Duration.ofMinutes(1)));
    }

    @Test
    void scan_idleStack_costsOneReadAndQueuesNothing() throws Exception {
        StackScan result = run(stackWithUrls(300, Duration.ofMinutes(20)));

        assertThat(result.reads()).isEqualTo(1);
        assertThat(result.queued()).isZero();
        assertThat(result.complete()).isTrue();
        assertThat(result.skipped(SkipReason.ALREADY_SET)).isEqualTo(67);
        assertThat(result.skipped(SkipReason.TOO_OLD)).isEqualTo(33);
        assertThat(published).isEmpty();
    }

    /** {@code n} assets, one every {@code every} from 2 h ago back, all with a permanent URL. */
    private static FakeStack stackWithUrls(int n, Duration every) {
        FakeStack stack = new FakeStack();
        for (int i = 0; i < n; i++) {
            stack.add("blta" + i, NOW.minus(Duration.ofHours(2)).minus(every.multipliedBy(i)))
                    .put("permanent_url", "https://images.contentstack.io/v3/assets/bltstack/blta" + i + "/a.png");
        }
        return stack;
    }

    @Test
    void scan_queuesTheIngestsJobOnlyForFilesWithoutUrlInsideTheWindow() throws Exception {
        FakeStack stack = new FakeStack();
        stack.add("bltyoung", NOW.minus(Duration.ofMinutes(5)));
        stack.add("bltmissed", NOW.minus(Duration.ofHours(1)));
        stack.add("bltfolder", NOW.minus(Duration.ofHours(1).plusSeconds(1))).put("is_dir", true);
        stack.add("bltdone", NOW.minus(Duration.ofHours(2))).put("permanent_url", "https://images/x.png");
        stack.add("blt../bad", NOW.minus(Duration.ofHours(3)));
        stack.add("bltedge", NOW.minus(GRACE));
        stack.add("bltancient", NOW.minus(Duration.ofHours(30)));

        StackScan result = run(stack);

        assertThat(published).extracting(PermalinkJob::assetUid).containsExactly("bltedge", "bltmissed");
        PermalinkJob job = published.get(1);
        assertThat(job.apiKey()).isEqualTo(STACK);
        assertThat(job.branch()).isEqualTo("main");
        assertThat(job.filename()).isEqualTo("bltmissed.png");
        assertThat(job.contentType()).isEqualTo("image/png");
        assertThat(job.assetUrl()).endsWith("/bltmissed.png");
        assertThat(job.messageGroupId()).isEqualTo("bltmissed");
        assertThat(job.deduplicationId()).isEqualTo(PermalinkJob.deduplicationId(STACK, "main", "bltmissed"));
        assertThat(job.triggeredAt()).isEqualTo(NOW.minus(Duration.ofHours(1)).toString());
        assertThat(job.receivedAt()).isEqualTo(NOW.toString());
        assertThat(result.scanned()).isEqualTo(7);
        assertThat(result.queued()).isEqualTo(2);
        assertThat(result.skipped()).containsExactlyInAnyOrderEntriesOf(Map.of(SkipReason.TOO_YOUNG, 1,
                SkipReason.FOLDER, 1, SkipReason.ALREADY_SET, 1, SkipReason.INVALID_UID, 1, SkipReason.TOO_OLD, 1));
    }

    @Test
    void scan_branch_isTheJobsBranchAndPartOfItsDeduplicationId() throws Exception {
        FakeStack stack = new FakeStack();
        stack.add("bltasset", NOW.minus(Duration.ofHours(1)));

        scan(stack).scan(STACK, "development", WINDOW, Deadline.after(Duration.ofMinutes(1)));

        assertThat(stack.requests).containsExactly(STACK + "/development?skip=0&limit=100");
        assertThat(published.get(0).branch()).isEqualTo("development");
        assertThat(published.get(0).deduplicationId())
                .isEqualTo(PermalinkJob.deduplicationId(STACK, "development", "bltasset"))
                .isNotEqualTo(PermalinkJob.deduplicationId(STACK, "main", "bltasset"));
    }

    @Test
    void scan_pagesOnlyUntilAPageReachesPastTheLookback() throws Exception {
        FakeStack stack = new FakeStack();
        // 500 assets, one every 5 minutes from 20 minutes ago: 24 h back is reached on the third page.
        stack.addSeries("bltburst", 500, NOW, Duration.ofMinutes(20), Duration.ofMinutes(5));

        StackScan result = run(stack);

        assertThat(stack.requests).containsExactly(STACK + "/main?skip=0&limit=100", STACK + "/main?skip=100&limit=100",
                STACK + "/main?skip=200&limit=100");
        assertThat(result.reads()).isEqualTo(3);
        assertThat(result.queued()).isEqualTo(285);
        assertThat(published).extracting(PermalinkJob::assetUid).doesNotHaveDuplicates();
    }

    @Test
    void scan_answerWithoutAssets_endsTheScanWithAClearProblem() throws Exception {
        StackScan result = run(answering(200, "{\"notice\":\"nothing here\"}"));

        assertThat(result.problem().code()).isEqualTo(ScanProblem.NO_ASSETS);
        assertThat(result.problem().detail()).contains("without an assets array");
        assertThat(result.reads()).isEqualTo(1);
        assertThat(published).isEmpty();
    }

    @Test
    void scan_answerThatIsNotJson_endsTheScanWithAClearProblem() throws Exception {
        StackScan result = run(answering(200, "<html>gateway</html>"));

        assertThat(result.problem().code()).isEqualTo(ScanProblem.NO_ASSETS);
    }

    @Test
    void scan_pageThatNeverEnds_theSamePageAgain_stopsAfterTheSecondRead() throws Exception {
        FakeStack stack = new FakeStack();
        stack.addSeries("bltloop", 100, NOW, Duration.ofHours(1), Duration.ofSeconds(1));
        AssetReads same = (apiKey, branch, skip, limit, timeout) -> stack.newestFirst(apiKey, branch, 0, limit,
                timeout);

        StackScan result = run(same);

        assertThat(result.problem().code()).isEqualTo(ScanProblem.PAGE_REPEATED);
        assertThat(result.reads()).isEqualTo(2);
        assertThat(published).hasSize(100);
    }

    @Test
    void scan_pagesThatNeverEnd_stopAtTheBoundTheCountImplies() throws Exception {
        AtomicInteger served = new AtomicInteger();
        AssetReads endless = (apiKey, branch, skip, limit, timeout) -> {
            List<Map<String, Object>> page = new ArrayList<>();
            for (int i = 0; i < limit; i++) {
                int n = served.getAndIncrement();
                page.add(Map.of("uid", "bltendless" + n, "created_at", NOW.minus(Duration.ofHours(1)).toString(),
                        "permanent_url", "https://images/x.png"));
            }
            return CmaResponse.of(200, json.write(Map.of("assets", page, "count", 150)), json);
        };

        StackScan result = run(endless);

        assertThat(result.problem().code()).isEqualTo(ScanProblem.PAGE_LIMIT);
        assertThat(result.reads()).isEqualTo(3);
    }

    @Test
    void scan_unreadableCreatedAt_skipsThatAssetAndGoesOn() throws Exception {
        FakeStack stack = new FakeStack();
        stack.add("bltgood", NOW.minus(Duration.ofHours(1)));
        stack.add("bltbad", NOW.minus(Duration.ofHours(2))).put("created_at", "yesterday at noon");
        stack.add("bltnull", NOW.minus(Duration.ofHours(3))).put("created_at", 12345);

        StackScan result = run(stack);

        assertThat(result.complete()).isTrue();
        assertThat(result.skipped(SkipReason.UNREADABLE_CREATED_AT)).isEqualTo(2);
        assertThat(published).extracting(PermalinkJob::assetUid).containsExactly("bltgood");
    }

    @Test
    void scan_answersNotNewestFirst_pagesToTheEndInsteadOfStoppingEarly() throws Exception {
        FakeStack stack = new FakeStack();
        stack.addSeries("bltseries", 250, NOW, Duration.ofMinutes(20), Duration.ofMinutes(30));
        // An old asset first, then the newer ones: a CMA that ignored desc=created_at.
        AssetReads unordered = (apiKey, branch, skip, limit, timeout) -> {
            CmaResponse sorted = stack.newestFirst(apiKey, branch, skip, limit, timeout);
            List<Object> page = new ArrayList<>(json.read(sorted.json().path("assets"), List.class));
            Collections.reverse(page);
            return CmaResponse.of(200, json.write(Map.of("assets", page, "count", 250)), json);
        };

        StackScan result = run(unordered);

        assertThat(result.reads()).isEqualTo(3);
        assertThat(result.complete()).isTrue();
        assertThat(result.queued()).isEqualTo(48);
    }

    @Test
    void scan_throttled_isPacedAndRetried() throws Exception {
        FakeStack stack = new FakeStack();
        stack.add("bltasset", NOW.minus(Duration.ofHours(1)));
        AtomicInteger calls = new AtomicInteger();
        AssetReads throttledOnce = (apiKey, branch, skip, limit, timeout) -> calls.getAndIncrement() == 0
                ? CmaResponse.of(429, "{\"error_message\":\"Too many requests\"}", json)
                : stack.newestFirst(apiKey, branch, skip, limit, timeout);

        StackScan result = run(throttledOnce);

        assertThat(result.complete()).isTrue();
        assertThat(result.reads()).isEqualTo(2);
        assertThat(published).hasSize(1);
        assertThat(backoffs).as("backed off before asking again").containsExactly(Duration.ofMillis(200));
    }

    @Test
    void scan_unauthorized_isNotRetriedAndNamesTheAnswer() throws Exception {
        StackScan result = run(answering(401, "{\"error_message\":\"You're not allowed in here\",\"error_code\":105}"));

        assertThat(result.reads()).isEqualTo(1);
        assertThat(result.problem().code()).isEqualTo(ScanProblem.CMA_ERROR);
        assertThat(result.problem().detail()).contains("401").contains("not allowed");
    }

    @Test
    void scan_cmaUnreachable_triesThreeTimesThenReports() throws Exception {
        StackScan result = run((apiKey, branch, skip, limit, timeout) -> {
            throw new ConnectException("refused");
        });

        assertThat(result.reads()).isEqualTo(3);
        assertThat(result.problem().code()).isEqualTo(ScanProblem.CMA_UNREACHABLE);
        assertThat(result.problem().detail()).isEqualTo("listing assets: ConnectException");
        assertThat(backoffs).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void scan_serverErrorsEveryTime_triesThreeTimesThenNamesTheLastAnswer() throws Exception {
        StackScan result = run(answering(503, "{\"error_message\":\"Something went wrong.\"}"));

        assertThat(result.reads()).isEqualTo(3);
        assertThat(result.problem().code()).isEqualTo(ScanProblem.CMA_ERROR);
        assertThat(result.problem().detail()).isEqualTo("the CMA answered 503 listing assets: Something went wrong.");
        assertThat(backoffs).hasSize(2);
    }

    @Test
    void scan_unauthorized_noBackoff() throws Exception {
        run(answering(401, "{\"error_message\":\"You're not allowed in here\",\"error_code\":105}"));

        assertThat(backoffs).isEmpty();
    }

    @Test
    void scan_queueUnavailable_stopsAndReports() throws Exception {
        FakeStack stack = new FakeStack();
        stack.addSeries("bltmissed", 5, NOW, Duration.ofHours(1), Duration.ofMinutes(1));
        AssetScan scan = new AssetScan(stack, job -> {
            throw new JobPublisher.PublishException("SQS send failed: SdkClientException", null);
        }, limiter, clock, Duration.ofSeconds(5));

        StackScan result = scan.scan(STACK, "main", WINDOW, Deadline.after(Duration.ofMinutes(1)));

        assertThat(result.problem().code()).isEqualTo(ScanProblem.QUEUE_UNAVAILABLE);
        assertThat(result.queued()).isZero();
    }

    @Test
    void scan_queueRefusesOneJob_skipsItCountsItAndQueuesTheOlderOnes() throws Exception {
        FakeStack stack = new FakeStack();
        stack.addSeries("bltmissed", 3, NOW, Duration.ofHours(1), Duration.ofMinutes(1));
        // Refused as SQS refuses a body past 256 KiB: an answer about this job, not about every send.
        stack.add("bltodd", NOW.minus(Duration.ofMinutes(61)).plusSeconds(30));
        List<String> tried = new ArrayList<>();
        AssetScan scan = new AssetScan(stack, job -> {
            tried.add(job.assetUid());
            if (job.assetUid().equals("bltodd")) {
                throw JobPublisher.PublishException.refusedJob("SQS send failed: InvalidMessageContentsException"
                        + " (the queue refused this job)", null);
            }
            published.add(job);
        }, limiter, clock, Duration.ofSeconds(5));

        StackScan result = scan.scan(STACK, "main", WINDOW, Deadline.after(Duration.ofMinutes(1)));

        assertThat(result.complete()).isTrue();
        assertThat(tried).containsExactly("bltmissed0", "bltodd", "bltmissed1", "bltmissed2");
        assertThat(published).extracting(PermalinkJob::assetUid)
                .containsExactly("bltmissed0", "bltmissed1", "bltmissed2");
        assertThat(result.queued()).isEqualTo(3);
        assertThat(result.skipped(SkipReason.UNQUEUED)).isEqualTo(1);
    }

    @Test
    void scan_outOfTime_readsNothingAndSaysSo() throws Exception {
        FakeStack stack = new FakeStack();

        StackScan result = scan(stack).scan(STACK, "main", WINDOW, Deadline.after(Duration.ofSeconds(1)));

        assertThat(result.problem().code()).isEqualTo(ScanProblem.OUT_OF_TIME);
        assertThat(stack.requests).isEmpty();
    }

    private AssetReads answering(int status, String body) {
        return (apiKey, branch, skip, limit, timeout) -> CmaResponse.of(status, body, json);
    }
}
