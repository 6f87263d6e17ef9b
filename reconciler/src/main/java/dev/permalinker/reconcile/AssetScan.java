package dev.permalinker.reconcile;

import dev.permalinker.cma.AdaptiveRateLimiter;
import dev.permalinker.cma.AssetPages;
import dev.permalinker.cma.CmaAnswer;
import dev.permalinker.cma.CmaAsset;
import dev.permalinker.cma.CmaResponse;
import dev.permalinker.model.Identifiers;
import dev.permalinker.model.JobPublisher;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.retry.Backoff;
import dev.permalinker.retry.Deadline;
import dev.permalinker.retry.Retrier;
import dev.permalinker.retry.Retrier.Result;
import dev.permalinker.retry.Retrier.Step;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans one stack and branch for assets the webhooks missed: pages {@code GET /v3/assets} newest first and sends
 * the ingest's own job ({@link PermalinkJob}, same {@code MessageGroupId} and {@code MessageDeduplicationId}) for
 * every file asset without {@code permanent_url} created inside the window. A job also queued by a late webhook
 * collapses into one inside SQS's five-minute deduplication interval, and after it costs the worker one read
 * ({@code already_set}), never a second write.
 *
 * <p>Paging stops at the first page that reaches back past the window's start, so an idle stack costs one read
 * ({@value #PAGE_SIZE} assets, the CMA's largest page). It never trusts the answers blindly: a page without an
 * {@code assets} array, a page that repeats what was already seen, more pages than the answer's {@code count}
 * implies (or {@value #MAX_PAGES}) end the scan with a {@link ScanProblem}; assets out of order (a CMA ignoring
 * {@code desc}) make it page to the end instead of stopping early. Reads are paced by the given limiter; a page that
 * was throttled (429), answered 5xx or not at all is tried twice more after a jittered back-off ({@link #BACKOFF}),
 * within the run's deadline. https://www.contentstack.com/docs/developers/apis/content-management-api#get-all-assets
 */
public final class AssetScan {
    /** The CMA's largest page: most runs on a quiet stack need only the first. */
    public static final int PAGE_SIZE = 100;
    /** A run reads at most this many pages per stack and branch (100,000 assets). */
    public static final int MAX_PAGES = 1000;
    /**
     * A page read: three tries, waiting 0-200 ms and 0-400 ms between them, so a 429 or a CMA hiccup costs the run a
     * moment rather than the stack's scan, and a throttled organisation is not asked again at once.
     */
    static final Backoff BACKOFF = new Backoff(3, Duration.ofMillis(200), Duration.ofSeconds(2));
    private static final Logger LOG = LoggerFactory.getLogger(AssetScan.class);
    /** The problem of a page read that got no answer. */
    private static final String UNREACHABLE = "listing assets: ";

    private final AssetReads reads;
    private final JobPublisher publisher;
    private final AdaptiveRateLimiter limiter;
    private final Clock clock;
    private final Duration timeout;
    private final Retrier retrier;

    public AssetScan(AssetReads reads, JobPublisher publisher, AdaptiveRateLimiter limiter, Clock clock,
                     Duration timeout) {
        this(reads, publisher, limiter, clock, timeout, Retrier.create());
    }

    /** With the retries' own clock, sleep and jitter (tests record the waits instead of spending them). */
    AssetScan(AssetReads reads, JobPublisher publisher, AdaptiveRateLimiter limiter, Clock clock, Duration timeout,
              Retrier retrier) {
        this.reads = reads;
        this.publisher = publisher;
        this.limiter = limiter;
        this.clock = clock;
        this.timeout = timeout;
        this.retrier = retrier;
    }

    /**
     * The CMA's pages through cma-client's {@link AssetPages}: the first page asks for the stack's {@code count} too,
     * which bounds how many pages the scan may read.
     */
    public static AssetReads reads(AssetPages pages) {
        return (apiKey, branch, skip, limit, timeout) -> pages.newestFirst(apiKey, branch, skip, limit, skip == 0,
                timeout);
    }

    /** Scans without progress reports. */
    public StackScan scan(String apiKey, String branch, ReconcileWindow window, Deadline deadline)
            throws InterruptedException {
        return scan(apiKey, branch, window, deadline, (scanned, total) -> { });
    }

    /**
     * @param progress told (assets scanned so far, the stack's asset count or the scanned count when larger) after
     *                 each page: the operator's progress bar
     */
    public StackScan scan(String apiKey, String branch, ReconcileWindow window, Deadline deadline,
                          BiConsumer<Integer, Integer> progress) throws InterruptedException {
        Tally tally = new Tally(apiKey, branch);
        Set<String> seen = new HashSet<>();
        Instant previous = null;
        boolean ordered = true;
        int bound = MAX_PAGES;
        for (int page = 0; ; page++) {
            if (page >= bound) {
                return tally.end(new ScanProblem(ScanProblem.PAGE_LIMIT, "read " + page + " pages of " + PAGE_SIZE
                        + " and the answers did not end: stopped at the bound of " + bound + " pages"));
            }
            Answer answer = read(tally, page * PAGE_SIZE, deadline);
            if (answer.problem != null) {
                return tally.end(answer.problem);
            }
            List<CmaAsset> assets = answer.response.assets().orElse(null);
            if (assets == null) {
                return tally.end(new ScanProblem(ScanProblem.NO_ASSETS, "the CMA answered "
                        + answer.response.status() + " without an assets array"));
            }
            int count = answer.response.count().orElse(0);
            if (answer.response.count().isPresent()) {
                bound = Math.min(MAX_PAGES, count / PAGE_SIZE + 2);
            }
            boolean reachedStart = false;
            int fresh = 0;
            for (CmaAsset asset : assets) {
                String uid = asset.uid();
                if (!seen.add(uid.isEmpty() ? "#" + seen.size() : uid)) {
                    continue;
                }
                fresh++;
                tally.scanned++;
                Instant created = asset.createdAt().orElse(null);
                if (created == null) {
                    LOG.atWarn().addKeyValue("outcome", "reconcile_unreadable").addKeyValue("apiKey", apiKey)
                            .addKeyValue("branch", branch).addKeyValue("assetUid", uid)
                            .log("asset skipped: its created_at is missing or not an ISO-8601 date-time");
                    tally.skip(SkipReason.UNREADABLE_CREATED_AT);
                    continue;
                }
                if (previous != null && created.isAfter(previous) && ordered) {
                    ordered = false;
                    LOG.atWarn().addKeyValue("outcome", "reconcile_unordered").addKeyValue("apiKey", apiKey)
                            .addKeyValue("branch", branch)
                            .log("the CMA did not list assets newest first: paging to the end");
                }
                previous = created;
                if (window.isBefore(created)) {
                    reachedStart = true;
                    tally.skip(SkipReason.TOO_OLD);
                } else if (window.isAfter(created)) {
                    tally.skip(SkipReason.TOO_YOUNG);
                } else if (asset.folder()) {
                    tally.skip(SkipReason.FOLDER);
                } else if (asset.permanentUrl().isPresent()) {
                    tally.skip(SkipReason.ALREADY_SET);
                } else if (!Identifiers.isSafe(uid)) {
                    tally.skip(SkipReason.INVALID_UID);
                } else {
                    Queued queued = queue(apiKey, branch, asset, created);
                    if (queued.problem() != null) {
                        return tally.end(queued.problem());
                    }
                    if (queued.sent()) {
                        tally.queued++;
                    } else {
                        tally.skip(SkipReason.UNQUEUED);
                    }
                }
            }
            progress.accept(tally.scanned, Math.max(tally.scanned, count));
            if (assets.size() < PAGE_SIZE || reachedStart && ordered) {
                return tally.end(null);
            }
            if (fresh == 0) {
                return tally.end(new ScanProblem(ScanProblem.PAGE_REPEATED, "page " + (page + 1)
                        + " held only assets already seen: the CMA's paging does not move on"));
            }
        }
    }

    /**
     * Sends the asset's job. A queue that is unavailable ends the scan (the next run tries again); a job the queue
     * refuses (its contents: SQS would refuse it on every run) is skipped, so one odd asset never hides the older
     * ones behind it. Its log line names the asset, not its fields, and the publisher's message holds no job field.
     */
    private Queued queue(String apiKey, String branch, CmaAsset asset, Instant created) {
        Instant now = clock.instant();
        String uid = asset.uid();
        PermalinkJob job = new PermalinkJob(PermalinkJob.VERSION, apiKey, branch, uid, asset.filename(), asset.url(),
                asset.contentType(), created.toString(), now.toString());
        try {
            publisher.publish(job);
        } catch (JobPublisher.PublishException e) {
            if (!e.refusedJob()) {
                return new Queued(false, new ScanProblem(ScanProblem.QUEUE_UNAVAILABLE, e.getMessage()));
            }
            LOG.atWarn().addKeyValue("outcome", "reconcile_unqueued").addKeyValue("apiKey", apiKey)
                    .addKeyValue("branch", branch).addKeyValue("assetUid", uid).addKeyValue("detail", e.getMessage())
                    .log("asset skipped: the queue refused its job; the scan goes on");
            return new Queued(false, null);
        }
        LOG.atInfo().addKeyValue("outcome", "reconcile_queued").addKeyValue("apiKey", apiKey)
                .addKeyValue("branch", branch).addKeyValue("assetUid", uid)
                .addKeyValue("ageMs", Duration.between(created, now).toMillis())
                .log("queued an asset without a permanent URL that no webhook brought");
        return new Queued(true, null);
    }

    /** A send's outcome: sent, refused (neither sent nor a problem), or the queue unavailable (a problem). */
    private record Queued(boolean sent, ScanProblem problem) {
    }

    /** One page, paced, tried again after a back-off when throttled, answered 5xx or not at all. */
    private Answer read(Tally tally, int skip, Deadline deadline) throws InterruptedException {
        Result<Answer> result = retrier.run(BACKOFF, deadline, timeout, limiter, attempt -> {
            tally.reads++;
            CmaResponse response;
            try {
                response = reads.newestFirst(tally.apiKey, tally.branch, skip, PAGE_SIZE, timeout);
            } catch (IOException e) {
                return Step.again(UNREACHABLE + e.getClass().getSimpleName());
            }
            limiter.observe(response);
            CmaAnswer answer = response.answer();
            if (answer.kind() == CmaAnswer.Kind.DONE) {
                return Step.done(new Answer(response, null));
            }
            String problem = "the CMA answered " + response.status() + " listing assets"
                    + (response.errorMessage().isEmpty() ? "" : ": " + response.errorMessage());
            return answer.kind().retryable() ? Step.again(problem, response.retryAfter())
                    : Step.done(new Answer(null, new ScanProblem(ScanProblem.CMA_ERROR, problem)));
        });
        if (result instanceof Result.Finished<Answer> finished) {
            return finished.value();
        }
        Result.GaveUp<Answer> gaveUp = (Result.GaveUp<Answer>) result;
        return switch (gaveUp.stop()) {
            case OUT_OF_TIME -> new Answer(null, new ScanProblem(ScanProblem.OUT_OF_TIME,
                    "the run's time ran out before page " + (skip / PAGE_SIZE + 1)));
            case FAILED -> new Answer(null, new ScanProblem(gaveUp.problem().startsWith(UNREACHABLE)
                    ? ScanProblem.CMA_UNREACHABLE : ScanProblem.CMA_ERROR, gaveUp.problem()));
            case INTERRUPTED -> {
                // The run stops as it did before the loop was shared: the interrupt travels up as the exception.
                Thread.interrupted();
                throw new InterruptedException("interrupted before page " + (skip / PAGE_SIZE + 1));
            }
        };
    }

    private record Answer(CmaResponse response, ScanProblem problem) {
    }

    /** Counts of one scan as it goes. */
    private static final class Tally {
        private final String apiKey;
        private final String branch;
        private final Map<SkipReason, Integer> skipped = new EnumMap<>(SkipReason.class);
        private int scanned;
        private int queued;
        private int reads;

        Tally(String apiKey, String branch) {
            this.apiKey = apiKey;
            this.branch = branch;
        }

        void skip(SkipReason reason) {
            skipped.merge(reason, 1, Integer::sum);
        }

        StackScan end(ScanProblem problem) {
            StackScan scan = new StackScan(apiKey, branch, scanned, queued, skipped, reads, problem);
            var event = (problem == null ? LOG.atInfo() : LOG.atWarn())
                    .addKeyValue("outcome", problem == null ? "reconcile_scanned" : "reconcile_incomplete")
                    .addKeyValue("apiKey", apiKey).addKeyValue("branch", branch).addKeyValue("scanned", scanned)
                    .addKeyValue("queued", queued).addKeyValue("reads", reads);
            skipped.forEach((reason, n) -> event.addKeyValue("skipped." + reason.code(), n));
            if (problem != null) {
                event.addKeyValue("errorCode", problem.code()).addKeyValue("detail", problem.detail())
                        .log("scan of the stack's assets ended early; the next run tries again");
            } else {
                event.log("scanned the stack's newest assets");
            }
            return scan;
        }
    }
}
