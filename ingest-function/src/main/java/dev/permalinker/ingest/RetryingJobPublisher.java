package dev.permalinker.ingest;

import dev.permalinker.model.JobPublisher;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.retry.Backoff;
import dev.permalinker.retry.Deadline;
import dev.permalinker.retry.Pacer;
import dev.permalinker.retry.Retrier;
import dev.permalinker.retry.Retrier.Result;
import dev.permalinker.retry.Retrier.Step;
import dev.permalinker.retry.Sleeper;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a refused or failed enqueue within the request, before the ingest answers 503: a short SQS hiccup then
 * costs the sender nothing, while a real outage is still answered well inside the 30 s Contentstack waits (its
 * retries then take over: 5, 25, 125, 625 s later). The whole attempt, waits and the worst case of the last send
 * included, stays inside {@code budget}: a new attempt starts only if its jittered wait plus {@code attemptTimeout}
 * (the SQS client's own call timeout) still fit. Waits grow from 100 ms, doubling, at most 1 s, with full jitter
 * ({@link #BACKOFF}); the loop is the retry module's {@link Retrier}, the one every stage uses.
 *
 * <p>Sending again is safe: the job keeps its FIFO deduplication id, so a send that succeeded without its answer
 * reaching us is dropped by SQS as a duplicate (five-minute window):
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/using-messagededuplicationid-property.html
 *
 * <p>Logs one line when it took more than one try ({@code outcome} {@code enqueue_retried}, {@code attempt}) or
 * gave up ({@code enqueue_gave_up}, {@code attempt}); the exception it then throws says how many tries it took, and
 * the ingest's own 503 line carries it in {@code detail}.
 */
public final class RetryingJobPublisher implements JobPublisher {
    /** The most an enqueue may take, all tries included: well under Contentstack's 30 s and the ingest's timeout. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(5);
    /** As many tries as the budget holds (it, not a count, bounds them), 100 ms doubling to at most 1 s apart. */
    static final Backoff BACKOFF = new Backoff(Integer.MAX_VALUE, Duration.ofMillis(100), Duration.ofSeconds(1));
    private static final Logger LOG = LoggerFactory.getLogger(RetryingJobPublisher.class);

    private final JobPublisher delegate;
    private final Duration budget;
    private final Duration attemptTimeout;
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;
    private final Retrier retrier;

    /**
     * @param budget         the most all tries may take together
     * @param attemptTimeout the most one try may take (the SQS client's API call timeout)
     * @param random         uniform in [0, 1): the jitter
     */
    public RetryingJobPublisher(JobPublisher delegate, Duration budget, Duration attemptTimeout, LongSupplier nanoTime,
                                Sleeper sleeper, DoubleSupplier random) {
        if (attemptTimeout.compareTo(budget) > 0) {
            throw new IllegalArgumentException("one try (" + attemptTimeout + ") cannot exceed the budget (" + budget
                    + ")");
        }
        this.delegate = delegate;
        this.budget = budget;
        this.attemptTimeout = attemptTimeout;
        this.nanoTime = nanoTime;
        this.random = random;
        this.retrier = new Retrier(nanoTime, sleeper, random);
    }

    /** With the real clock and sleep, and {@link #DEFAULT_BUDGET}. */
    public static RetryingJobPublisher create(JobPublisher delegate, Duration attemptTimeout) {
        return new RetryingJobPublisher(delegate, DEFAULT_BUDGET, attemptTimeout, System::nanoTime,
                Sleeper.threadSleep(), () -> ThreadLocalRandom.current().nextDouble());
    }

    @Override
    public void publish(PermalinkJob job) throws PublishException {
        long started = nanoTime.getAsLong();
        PublishException[] last = new PublishException[1];
        Result<PermalinkJob> result = retrier.run(BACKOFF, new Deadline(started + budget.toNanos()), attemptTimeout,
                Pacer.NONE, attempt -> {
                    try {
                        delegate.publish(job);
                        return Step.done(job);
                    } catch (PublishException e) {
                        last[0] = e;
                        return Step.again(e.getMessage());
                    }
                });
        if (result instanceof Result.Finished<PermalinkJob>) {
            if (result.attempts() > 1) {
                LOG.atInfo().addKeyValue("outcome", "enqueue_retried").addKeyValue("assetUid", job.assetUid())
                        .addKeyValue("attempt", result.attempts()).addKeyValue("durationMs", elapsedMs(started))
                        .log("enqueued after {} tries", result.attempts());
            }
            return;
        }
        throw gaveUp(job, result.attempts(), started, last[0] != null ? last[0]
                : new PublishException("no enqueue try fitted in the budget of " + budget, null));
    }

    /** Full jitter: uniform in [0, min(1 s, 100 ms × 2^(attempt-1))]. */
    Duration delay(int attempt) {
        return BACKOFF.delay(attempt, random);
    }

    private PublishException gaveUp(PermalinkJob job, int attempts, long started, PublishException last) {
        long ms = elapsedMs(started);
        LOG.atWarn().addKeyValue("outcome", "enqueue_gave_up").addKeyValue("assetUid", job.assetUid())
                .addKeyValue("attempt", attempts).addKeyValue("durationMs", ms).addKeyValue("detail", last.getMessage())
                .log("enqueue failed after {} tries", attempts);
        return new PublishException(last.getMessage() + " (" + attempts + (attempts == 1 ? " try" : " tries") + " in "
                + ms + " ms)", last);
    }

    private long elapsedMs(long started) {
        return (nanoTime.getAsLong() - started) / 1_000_000;
    }

    @Override
    public String toString() {
        return "RetryingJobPublisher[" + delegate + ", budget " + budget + "]";
    }
}
