package dev.permalinker.worker;

import dev.permalinker.cma.AdaptiveRateLimiter;
import dev.permalinker.cma.CmaAnswer;
import dev.permalinker.cma.CmaAsset;
import dev.permalinker.cma.CmaResponse;
import dev.permalinker.cma.ContentstackApi;
import dev.permalinker.cma.ManagementTokens;
import dev.permalinker.model.AssetInfo;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.PermanentUrl;
import dev.permalinker.model.Region;
import dev.permalinker.retry.Backoff;
import dev.permalinker.retry.Deadline;
import dev.permalinker.retry.Retrier;
import dev.permalinker.retry.Retrier.Result;
import dev.permalinker.retry.Retrier.Step;
import dev.permalinker.retry.Sleeper;
import dev.permalinker.worker.JobOutcome.DeadLetter;
import dev.permalinker.worker.JobOutcome.Done;
import dev.permalinker.worker.JobOutcome.Retry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Sets one asset's permanent URL, idempotently, within the rate limit and the invocation's time budget.
 *
 * <p>The contract's answer table, over cma-client's classification of each answer ({@link CmaAnswer}): done; throttled
 * (429) slow down and retry; transient (5xx), timeout or reset retry with backoff; any other refusal of the write
 * asks {@code GET /v3/assets/{uid}} whether the URL is already there (done), the asset is gone ({@code asset_deleted}),
 * our credentials are refused ({@code unauthorized}), or else {@code rejected}. The tries, their pacing and back-off
 * are the retry module's {@link Retrier}; this class keeps only what each answer means for the job.
 *
 * <p>A job that does not say enough to build the URL (a concise payload: no filename or URL; or a URL off the
 * region's delivery hosts without a content type) is completed first with {@code GET /v3/assets/{uid}}, paced on
 * the read budget. So is a redelivered job: an earlier attempt may have set the URL and died before the message was
 * deleted, and a read is cheaper than a second write (and on the other budget). And so is a job older than SQS's
 * deduplication window ({@link #DEDUPLICATION_WINDOW}), judged on its own {@code triggeredAt}: the queue no longer
 * drops a second job for the same asset then (a webhook Contentstack delivered late, and the reconciler's job for the
 * same asset), and a URL that can be set only once may be refused the second time. Writes are paced on the write
 * budget.
 *
 * <p>With the asset ledger ({@link JobLedger}), a job that may have a twin asks the ledger first: an asset it has as
 * written ends {@code already_set} with no CMA call, one nobody recorded an outcome for is written directly (one
 * PUT), and only what the ledger cannot judge (unavailable, a redelivery, a dead letter, an unreadable row) is read
 * first as above.
 */
public final class PermalinkService implements JobHandler {
    /** Assets this container finished recently: a duplicate job costs no CMA call. */
    private static final int RECENTLY_DONE_CAPACITY = 10_000;
    /**
     * How often and how patiently one job's reads and writes are tried inside one invocation; past that the message
     * goes back to the queue and its next delivery tries again (until {@code maxReceiveCount} moves it to the DLQ).
     */
    public static final Backoff STANDARD_BACKOFF = new Backoff(5, Duration.ofMillis(200), Duration.ofSeconds(5));
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
    private final AdaptiveRateLimiter writes;
    private final AdaptiveRateLimiter reads;
    private final Region region;
    private final String assetHost;
    private final Backoff backoff;
    private final Duration requestTimeout;
    private final Retrier retrier;
    private final Clock clock;
    private final JobLedger ledger;
    private final Map<String, String> recentlyDone = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > RECENTLY_DONE_CAPACITY;
        }
    };

    /**
     * @param region    the stacks' region: its delivery hosts decide the URL's host
     * @param assetHost {@code CS_ASSET_HOST}, or {@code null}
     * @param random    the back-off's jitter ({@link JitterRandom}, re-seeded after a SnapStart restore)
     * @param clock     what a job's {@code triggeredAt} is compared with ({@link #DEDUPLICATION_WINDOW})
     */
    public PermalinkService(ContentstackApi cma, CmaPacing pacing, Region region, String assetHost, Backoff backoff,
                            Duration requestTimeout, Sleeper sleeper, RandomGenerator random, Clock clock) {
        this(cma, pacing, region, assetHost, backoff, requestTimeout, sleeper, random, clock, JobLedger.NONE);
    }

    /**
     * @param ledger asked instead of the CMA whether a job that may have a twin is already done ({@link JobLedger});
     *               {@link JobLedger#NONE}: read the CMA first, as before the ledger
     */
    public PermalinkService(ContentstackApi cma, CmaPacing pacing, Region region, String assetHost, Backoff backoff,
                            Duration requestTimeout, Sleeper sleeper, RandomGenerator random, Clock clock,
                            JobLedger ledger) {
        this.cma = cma;
        this.writes = pacing.writes();
        this.reads = pacing.reads();
        this.region = region;
        this.assetHost = assetHost;
        this.backoff = backoff;
        this.requestTimeout = requestTimeout;
        this.retrier = new Retrier(System::nanoTime, sleeper, random::nextDouble);
        this.clock = clock;
        this.ledger = ledger;
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

    private JobOutcome run(PermalinkJob job, int deliveries, Deadline deadline) {
        AssetInfo asset = job.asset();
        boolean incomplete = job.isConcise() || PermanentUrl.needsContentType(asset, region, assetHost);
        boolean readFirst = incomplete;
        if (deliveries > 1 || outlivedDeduplication(job)) {
            // A twin may have set the URL: the ledger says so in one read, on neither CMA budget.
            JobLedger.Verdict verdict = ledger.judge(job, deliveries);
            if (verdict instanceof JobLedger.AlreadySet set) {
                return new Done(set.permanentUrl(), false, 0);
            }
            readFirst |= verdict == JobLedger.Judgement.READ_FIRST;
        }
        if (readFirst) {
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
        return write(job, permanentUrl, deadline);
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
        static Lookup ends(JobOutcome outcome) {
            return new Lookup(null, outcome);
        }
    }

    /** {@code GET /v3/assets/{uid}} on the read budget, for what the job does not say. */
    private Lookup lookUp(PermalinkJob job, Deadline deadline) {
        Result<Lookup> result = retrier.run(backoff, deadline, requestTimeout, reads, attempt -> {
            CmaResponse get;
            try {
                get = cma.getAsset(job.apiKey(), job.branch(), job.assetUid(), requestTimeout);
            } catch (IOException e) {
                return Step.again("GET failed: " + e.getClass().getSimpleName());
            }
            reads.observe(get);
            CmaAnswer answer = get.answer();
            return switch (answer.kind()) {
                case DONE -> Step.done(found(get, attempt));
                case MISSING -> Step.done(Lookup.ends(new DeadLetter(FailureCode.ASSET_DELETED,
                        "GET " + answer.describe(), attempt)));
                case CREDENTIALS_REFUSED -> Step.done(Lookup.ends(new DeadLetter(FailureCode.UNAUTHORIZED,
                        "GET " + answer.describe() + answer.regionHint(region), attempt)));
                case THROTTLED, TRANSIENT -> Step.again("GET " + get.status(), get.retryAfter());
                case REJECTED -> Step.done(Lookup.ends(new DeadLetter(FailureCode.REJECTED,
                        "GET " + answer.describe(), attempt)));
            };
        });
        return result instanceof Result.Finished<Lookup> finished ? finished.value()
                : Lookup.ends(spent((Result.GaveUp<Lookup>) result, "no read fitted in the time budget"));
    }

    /** A 2xx read: done when the URL is already set, else the asset to build it from. */
    private static Lookup found(CmaResponse get, int attempt) {
        Optional<CmaAsset> asset = get.asset();
        Optional<String> existing = asset.flatMap(CmaAsset::permanentUrl);
        if (existing.isPresent()) {
            return Lookup.ends(new Done(existing.get(), false, attempt));
        }
        if (asset.isEmpty() || asset.get().url().isEmpty()) {
            return Lookup.ends(new DeadLetter(FailureCode.REJECTED, "GET " + get.status() + " carries no asset url",
                    attempt));
        }
        return new Lookup(asset.get().info(), null);
    }

    /** {@code PUT /v3/assets/{uid}} on the write budget; a refusal is checked against the asset ({@link #check}). */
    private JobOutcome write(PermalinkJob job, String permanentUrl, Deadline deadline) {
        Result<JobOutcome> result = retrier.run(backoff, deadline, requestTimeout, writes, attempt -> {
            CmaResponse put;
            try {
                put = cma.setPermanentUrl(job.apiKey(), job.branch(), job.assetUid(), permanentUrl, requestTimeout);
            } catch (IOException e) {
                return Step.again("PUT failed: " + e.getClass().getSimpleName());
            }
            writes.observe(put);
            return switch (put.answer().kind()) {
                case DONE -> Step.done(new Done(permanentUrl, true, attempt));
                case THROTTLED -> Step.again("throttled (429)", put.retryAfter());
                case TRANSIENT -> Step.again("CMA answered " + put.status(), put.retryAfter());
                case MISSING, CREDENTIALS_REFUSED, REJECTED -> Step.done(check(job, put, attempt, deadline));
            };
        });
        return result instanceof Result.Finished<JobOutcome> finished ? finished.value()
                : spent((Result.GaveUp<JobOutcome>) result, "no attempt fitted in the time budget");
    }

    /** A refused write: ask the CMA, once, what the asset looks like now. */
    private JobOutcome check(PermalinkJob job, CmaResponse put, int attempts, Deadline deadline) {
        CmaAnswer refusal = put.answer();
        String putProblem = "PUT " + refusal.describe();
        Result<JobOutcome> result = retrier.run(Backoff.ONCE, deadline, requestTimeout, reads, attempt -> {
            CmaResponse get;
            try {
                get = cma.getAsset(job.apiKey(), job.branch(), job.assetUid(), requestTimeout);
            } catch (IOException e) {
                return Step.again(putProblem + "; GET failed: " + e.getClass().getSimpleName());
            }
            reads.observe(get);
            CmaAnswer answer = get.answer();
            if (answer.kind() == CmaAnswer.Kind.DONE) {
                return Step.done(get.permanentUrl().<JobOutcome>map(existing -> new Done(existing, false, attempts))
                        .orElseGet(() -> new DeadLetter(FailureCode.REJECTED,
                                putProblem + "; the asset has no permanent_url", attempts)));
            }
            if (answer.kind() == CmaAnswer.Kind.MISSING || refusal.kind() == CmaAnswer.Kind.MISSING) {
                return Step.done(new DeadLetter(FailureCode.ASSET_DELETED, putProblem + "; GET " + answer.describe(),
                        attempts));
            }
            return switch (answer.kind()) {
                case CREDENTIALS_REFUSED -> Step.done(new DeadLetter(FailureCode.UNAUTHORIZED,
                        putProblem + "; GET " + answer.describe() + answer.regionHint(region), attempts));
                case THROTTLED, TRANSIENT -> Step.again(putProblem + "; GET " + get.status());
                default -> Step.done(new DeadLetter(FailureCode.REJECTED, putProblem + "; GET " + answer.describe(),
                        attempts));
            };
        });
        return result instanceof Result.Finished<JobOutcome> finished ? finished.value()
                : retry((Result.GaveUp<JobOutcome>) result, putProblem + "; no time left to check the asset", attempts);
    }

    /** The job's answer when the tries stopped without one: not done, the queue delivers it again. */
    private static Retry retry(Result.GaveUp<?> gaveUp, String outOfTime, int attempts) {
        return switch (gaveUp.stop()) {
            case OUT_OF_TIME -> new Retry(outOfTime, attempts);
            case FAILED -> new Retry(gaveUp.problem(), attempts);
            case INTERRUPTED -> new Retry("interrupted", attempts);
        };
    }

    /** {@link #retry} when the time budget ran out: the last problem, or {@code nothingTried} when none was made. */
    private static Retry spent(Result.GaveUp<?> gaveUp, String nothingTried) {
        return retry(gaveUp, (gaveUp.problem() == null ? nothingTried : gaveUp.problem()) + "; time budget spent",
                gaveUp.attempts());
    }
}
