package dev.permalinker.worker;

import dev.permalinker.cma.AdaptiveRateLimiter;
import dev.permalinker.cma.CmaResponse;
import dev.permalinker.cma.ContentstackApi;
import dev.permalinker.retry.Deadline;
import dev.permalinker.cma.ManagementTokens;
import dev.permalinker.retry.Sleeper;
import dev.permalinker.model.AssetInfo;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.PermanentUrl;
import dev.permalinker.model.Region;
import dev.permalinker.worker.JobOutcome.DeadLetter;
import dev.permalinker.worker.JobOutcome.Done;
import dev.permalinker.worker.JobOutcome.Retry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Sets one asset's permanent URL, idempotently, within the rate limit and the invocation's time budget.
 *
 * <p>The contract's answer table: 2xx done; 429 slow down and retry; 5xx, timeout or reset retry with backoff;
 * any other 4xx asks {@code GET /v3/assets/{uid}} whether the URL is already there (done), the asset is gone
 * ({@code asset_deleted}), our credentials are refused ({@code unauthorized}), or else {@code rejected}.
 *
 * <p>A job that does not say enough to build the URL (a concise payload: no filename or URL; or a URL off the
 * region's delivery hosts without a content type) is completed first with {@code GET /v3/assets/{uid}}, paced on
 * the read budget. So is a redelivered job: an earlier attempt may have set the URL and died before the message was
 * deleted, and a read is cheaper than a second write (and on the other budget). And so is a job older than SQS's
 * deduplication window ({@link #DEDUPLICATION_WINDOW}), judged on its own {@code triggeredAt}: the queue no longer
 * drops a second job for the same asset then (a webhook Contentstack delivered late, and the reconciler's job for the
 * same asset), and a URL that can be set only once may be refused the second time. Writes are paced on the write
 * budget.
 */
public final class PermalinkService implements JobHandler {
    /** Assets this container finished recently: a duplicate job costs no CMA call. */
    private static final int RECENTLY_DONE_CAPACITY = 10_000;
    /** The CMA's {@code error_code} for "asset not found" (answered with 422). */
    static final int ASSET_NOT_FOUND = 145;
    /** The CMA's {@code error_code} for "The requested object doesn't exist." (422; also a generic validation code). */
    static final int OBJECT_DOES_NOT_EXIST = 141;
    /** The CMA's {@code error_code} answered with 412 for a wrong API key, or a stack asked for on another region. */
    static final int API_KEY_OR_REGION = 109;
    /**
     * How long SQS FIFO remembers a {@code MessageDeduplicationId}: five minutes from the first send. Every job for an
     * asset is sent after the asset was created, so a job whose {@code triggeredAt} (the webhook's event time, or the
     * asset's {@code created_at} in the reconciler's job) is younger than this was sent within the window of any twin,
     * and SQS delivered only one of them: it writes directly (one CMA call per asset on the happy path, storms
     * included while the queue is less than five minutes behind). An older job may have a twin that SQS let through
     * and the worker already did, so it reads the asset first and a done asset ends as {@code already_set}, at the
     * cost of one read instead of a second PUT that Contentstack may refuse (a permanent URL can be set once).
     * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/using-messagededuplicationid-property.html
     */
    static final Duration DEDUPLICATION_WINDOW = Duration.ofMinutes(5);

    private final ContentstackApi cma;
    private final AdaptiveRateLimiter limiter;
    private final AdaptiveRateLimiter reads;
    private final Region region;
    private final String assetHost;
    private final RetryPolicy retry;
    private final Duration requestTimeout;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Clock clock;
    private final Map<String, String> recentlyDone = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > RECENTLY_DONE_CAPACITY;
        }
    };

    /**
     * @param region    the stacks' region: its delivery hosts decide the URL's host
     * @param assetHost {@code CS_ASSET_HOST}, or {@code null}
     * @param clock     what a job's {@code triggeredAt} is compared with ({@link #DEDUPLICATION_WINDOW})
     */
    public PermalinkService(ContentstackApi cma, CmaPacing pacing, Region region, String assetHost, RetryPolicy retry,
                            Duration requestTimeout, Sleeper sleeper, RandomGenerator random, Clock clock) {
        this.cma = cma;
        this.limiter = pacing.writes();
        this.reads = pacing.reads();
        this.region = region;
        this.assetHost = assetHost;
        this.retry = retry;
        this.requestTimeout = requestTimeout;
        this.sleeper = sleeper;
        this.random = random;
        this.clock = clock;
    }

    /** The least time a job needs to be started: one request at its full timeout. */
    @Override
    public Duration minimumTime() {
        return requestTimeout;
    }

    @Override
    public JobOutcome process(PermalinkJob job, int deliveries, Deadline deadline) {
        synchronized (recentlyDone) {
            String done = recentlyDone.get(job.assetKey());
            if (done != null) {
                return new Done(done, false, 0);
            }
        }
        JobOutcome outcome;
        try {
            outcome = run(job, deliveries, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = new Retry("interrupted", 0);
        } catch (ManagementTokens.MissingTokenException e) {
            // A token belongs to one stack: without this stack's, no retry can succeed. Names the stack, no token.
            outcome = new DeadLetter(FailureCode.UNAUTHORIZED, e.getMessage(), 0);
        }
        if (outcome instanceof Done done) {
            synchronized (recentlyDone) {
                recentlyDone.put(job.assetKey(), done.permanentUrl());
            }
        }
        return outcome;
    }

    private JobOutcome run(PermalinkJob job, int deliveries, Deadline deadline) throws InterruptedException {
        AssetInfo asset = job.asset();
        boolean incomplete = job.isConcise() || PermanentUrl.needsContentType(asset, region, assetHost);
        if (incomplete || deliveries > 1 || outlivedDeduplication(job)) {
            Lookup lookup = lookUp(job, deadline);
            if (lookup.outcome() != null) {
                return lookup.outcome();
            }
            // A complete job keeps its own fields: the URL stays a pure function of the job.
            asset = incomplete ? lookup.asset() : asset;
        }
        String permanentUrl;
        try {
            permanentUrl = PermanentUrl.of(job.apiKey(), asset, region, assetHost);
        } catch (IllegalArgumentException e) {
            return new DeadLetter(FailureCode.INVALID_JOB, e.getMessage(), 0);
        }
        return attempt(job, permanentUrl, deadline);
    }

    /**
     * Whether the job's {@code triggeredAt} lies more than {@link #DEDUPLICATION_WINDOW} in the past; false when it
     * is missing or unreadable (the job is then treated as before: written directly).
     */
    boolean outlivedDeduplication(PermalinkJob job) {
        if (job.triggeredAt() == null) {
            return false;
        }
        try {
            Instant triggeredAt = Instant.parse(job.triggeredAt());
            return triggeredAt.plus(DEDUPLICATION_WINDOW).isBefore(clock.instant());
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** What reading the asset gave: the asset to build the URL from, or an outcome that ends the job. */
    private record Lookup(AssetInfo asset, JobOutcome outcome) {
    }

    /** {@code GET /v3/assets/{uid}} on the read budget, for what the job does not say. */
    private Lookup lookUp(PermalinkJob job, Deadline deadline) throws InterruptedException {
        String lastProblem = "no read fitted in the time budget";
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            if (!deadline.allows(requestTimeout) || !reads.acquire(deadline)) {
                return new Lookup(null, new Retry(lastProblem + "; time budget spent", attempt - 1));
            }
            CmaResponse get;
            try {
                get = cma.getAsset(job.apiKey(), job.branch(), job.assetUid(), requestTimeout);
            } catch (IOException e) {
                lastProblem = "GET failed: " + e.getClass().getSimpleName();
                if (!backOff(attempt, null, deadline)) {
                    return new Lookup(null, new Retry(lastProblem, attempt));
                }
                continue;
            }
            if (get.isSuccess()) {
                reads.onSuccess(get.rateLimitRemaining(), get.rateLimitLimit());
                if (get.permanentUrl().isPresent()) {
                    return new Lookup(null, new Done(get.permanentUrl().get(), false, attempt));
                }
                var node = get.asset().orElse(null);
                if (node == null || node.path("url").asText("").isEmpty()) {
                    return new Lookup(null, new DeadLetter(FailureCode.REJECTED,
                            "GET " + get.status() + " carries no asset url", attempt));
                }
                return new Lookup(new AssetInfo(job.assetUid(), node.path("filename").asText(""),
                        node.path("url").asText(""), node.path("title").asText(""),
                        node.path("content_type").asText(""), node.path("file_size").asText("")), null);
            }
            if (isAssetMissing(get)) {
                return new Lookup(null, new DeadLetter(FailureCode.ASSET_DELETED, "GET " + describe(get), attempt));
            }
            if (get.status() == 401 || get.status() == 403 || get.status() == 412) {
                return new Lookup(null, new DeadLetter(FailureCode.UNAUTHORIZED,
                        "GET " + describe(get) + regionHint(get), attempt));
            }
            if (get.status() == 429 || get.status() >= 500) {
                if (get.status() == 429) {
                    reads.onThrottled();
                }
                lastProblem = "GET " + get.status();
                if (!backOff(attempt, get.retryAfter().orElse(null), deadline)) {
                    return new Lookup(null, new Retry(lastProblem, attempt));
                }
                continue;
            }
            return new Lookup(null, new DeadLetter(FailureCode.REJECTED, "GET " + describe(get), attempt));
        }
        return new Lookup(null, new Retry(lastProblem + " after " + retry.maxAttempts() + " attempts",
                retry.maxAttempts()));
    }

    private JobOutcome attempt(PermalinkJob job, String permanentUrl, Deadline deadline) throws InterruptedException {
        String lastProblem = "no attempt fitted in the time budget";
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            if (!deadline.allows(requestTimeout) || !limiter.acquire(deadline)) {
                return new Retry(lastProblem + "; time budget spent", attempt - 1);
            }
            CmaResponse response;
            try {
                response = cma.setPermanentUrl(job.apiKey(), job.branch(), job.assetUid(), permanentUrl,
                        requestTimeout);
            } catch (IOException e) {
                lastProblem = "PUT failed: " + e.getClass().getSimpleName();
                if (!backOff(attempt, null, deadline)) {
                    return new Retry(lastProblem, attempt);
                }
                continue;
            }
            int status = response.status();
            if (response.isSuccess()) {
                limiter.onSuccess(response.rateLimitRemaining(), response.rateLimitLimit());
                return new Done(permanentUrl, true, attempt);
            }
            if (status == 429) {
                limiter.onThrottled();
                lastProblem = "throttled (429)";
                if (!backOff(attempt, response.retryAfter().orElse(null), deadline)) {
                    return new Retry(lastProblem, attempt);
                }
                continue;
            }
            if (status >= 500) {
                lastProblem = "CMA answered " + status;
                if (!backOff(attempt, response.retryAfter().orElse(null), deadline)) {
                    return new Retry(lastProblem, attempt);
                }
                continue;
            }
            return check(job, response, attempt, deadline);
        }
        return new Retry(lastProblem + " after " + retry.maxAttempts() + " attempts", retry.maxAttempts());
    }

    /** A 4xx on the write: ask the CMA what the asset looks like now. */
    private JobOutcome check(PermalinkJob job, CmaResponse put, int attempts, Deadline deadline)
            throws InterruptedException {
        String putProblem = "PUT " + describe(put);
        if (!deadline.allows(requestTimeout) || !reads.acquire(deadline)) {
            return new Retry(putProblem + "; no time left to check the asset", attempts);
        }
        CmaResponse get;
        try {
            get = cma.getAsset(job.apiKey(), job.branch(), job.assetUid(), requestTimeout);
        } catch (IOException e) {
            return new Retry(putProblem + "; GET failed: " + e.getClass().getSimpleName(), attempts);
        }
        int status = get.status();
        if (get.isSuccess()) {
            return get.permanentUrl().<JobOutcome>map(existing -> new Done(existing, false, attempts))
                    .orElseGet(() -> new DeadLetter(FailureCode.REJECTED,
                            putProblem + "; the asset has no permanent_url", attempts));
        }
        if (isAssetMissing(get) || isAssetMissing(put)) {
            return new DeadLetter(FailureCode.ASSET_DELETED, putProblem + "; GET " + describe(get), attempts);
        }
        if (status == 401 || status == 403 || status == 412) {
            return new DeadLetter(FailureCode.UNAUTHORIZED, putProblem + "; GET " + describe(get) + regionHint(get),
                    attempts);
        }
        if (status == 429) {
            reads.onThrottled();
        }
        if (status == 429 || status >= 500) {
            return new Retry(putProblem + "; GET " + status, attempts);
        }
        return new DeadLetter(FailureCode.REJECTED, putProblem + "; GET " + describe(get), attempts);
    }

    /**
     * Whether an answer says the asset does not exist, in any of the shapes Contentstack uses: 404; 422 with
     * {@code error_code} 145 ("Asset was not found."); 422 with 141 and "The requested object doesn't exist." or an
     * {@code errors} entry on {@code uid}; a 4xx whose message (in {@code error_message} or {@code message}) says the
     * asset was not found or the object does not exist.
     * https://www.contentstack.com/docs/developers/apis/content-management-api#errors
     */
    static boolean isAssetMissing(CmaResponse response) {
        int status = response.status();
        if (status == 404) {
            return true;
        }
        int code = response.errorCode().orElse(0);
        if (status == 422 && code == ASSET_NOT_FOUND) {
            return true;
        }
        if (status == 422 && (code == OBJECT_DOES_NOT_EXIST || response.errorCode().isEmpty())
                && (response.errorFields().contains("uid") || response.errorFields().contains("asset_uid"))) {
            return true;
        }
        String message = response.errorText().toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        return status >= 400 && status < 500 && (message.contains("doesn't exist")
                || message.contains("does not exist") || message.contains("asset") && message.contains("not found"));
    }

    private static String describe(CmaResponse response) {
        String code = response.errorCode().isPresent() ? " error_code " + response.errorCode().getAsInt() : "";
        String text = response.errorText();
        return response.status() + code + (text.isEmpty() ? "" : ": " + text);
    }

    /**
     * Names the region for a refused credential: 412 with {@code error_code} 109 means a wrong API key, or a stack
     * asked for on another region's host; either way the operator checks {@code CS_REGION}.
     */
    private String regionHint(CmaResponse response) {
        String region = "CS_REGION " + this.region.configName() + " (" + this.region.cmaHost() + ")";
        if (response.status() == 412 && response.errorCode().orElse(0) == API_KEY_OR_REGION) {
            return "; wrong API key, or the stack is not in " + region;
        }
        return "; region " + region;
    }

    /** Waits before the next attempt; false when that wait would not leave time for the attempt. */
    private boolean backOff(int attempt, Duration retryAfter, Deadline deadline) throws InterruptedException {
        if (attempt >= retry.maxAttempts()) {
            return false;
        }
        Duration wait = retryAfter != null ? retryAfter : retry.delay(attempt, random);
        if (!deadline.allows(wait.plus(requestTimeout))) {
            return false;
        }
        if (!wait.isZero()) {
            sleeper.sleep(wait);
        }
        return true;
    }
}
