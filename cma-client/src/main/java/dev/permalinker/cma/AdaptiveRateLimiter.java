package dev.permalinker.cma;

import dev.permalinker.retry.Deadline;
import dev.permalinker.retry.Pacer;
import dev.permalinker.retry.Sleeper;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

/**
 * Spaces CMA requests evenly at this container's share of the organisation's rate limit, and gives way to the
 * organisation's other clients (editors in the web app, other integrations), which spend the same budget.
 *
 * <p>One instance per container and budget (reads, writes), shared by every thread. The rate is judged once per
 * second, on that second's answers (AIMD, like TCP's congestion window): more than a tenth of them 429 halves it (the
 * budget is spent); an occasional 429, or an answer whose {@code X-RateLimit-Remaining} is at most a tenth of the
 * limit (others are spending it), eases it by a tenth; under a quarter left holds it; a clean second climbs by a
 * tenth of the ceiling, so half to full takes five clean seconds, never one burst of answers. Never below a sixteenth
 * of the ceiling. A 429 also pushes the next slot back at once. Contentstack answers 429 without
 * {@code Retry-After}, so pacing, not waiting for a hint, is what keeps us inside the limit:
 * https://www.contentstack.com/docs/developers/apis/content-management-api#rate-limiting
 */
public final class AdaptiveRateLimiter implements Pacer {
    private static final long SECOND = 1_000_000_000L;

    private final double maxRate;
    private final double minRate;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private double rate;
    private long nextSlotNanos;
    /** The second being judged: when it began and what its answers said. */
    private long windowStart;
    private int answers;
    private int throttled;
    private int scarce;
    private int low;

    public AdaptiveRateLimiter(double maxRatePerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(maxRatePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, was " + maxRatePerSecond);
        }
        this.maxRate = maxRatePerSecond;
        this.minRate = maxRatePerSecond / 16;
        this.rate = maxRatePerSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        long now = nanoTime.getAsLong();
        this.nextSlotNanos = now;
        this.windowStart = now;
    }

    public static AdaptiveRateLimiter create(double maxRatePerSecond) {
        return new AdaptiveRateLimiter(maxRatePerSecond, System::nanoTime, Sleeper.threadSleep());
    }

    /**
     * Waits for the next request slot. Returns false, without waiting, when that slot is after the deadline.
     */
    @Override
    public boolean acquire(Deadline deadline) throws InterruptedException {
        long slot;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            long interval = intervalNanos();
            // A late caller may use one missed slot, so small scheduling delays do not cost throughput.
            slot = Math.max(nextSlotNanos, now - interval);
            if (slot > deadline.nanos()) {
                return false;
            }
            nextSlotNanos = slot + interval;
        }
        long wait = slot - nanoTime.getAsLong();
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        }
        return true;
    }

    /**
     * Tells the limiter what an answer said, the one feedback every paced caller gives: a 429 is
     * {@link #onThrottled()}, a 2xx {@link #onSuccess(OptionalInt, OptionalInt)} with its rate-limit headers; other
     * answers say nothing about the budget.
     */
    public void observe(CmaResponse response) {
        if (response.status() == 429) {
            onThrottled();
        } else if (response.isSuccess()) {
            onSuccess(response.rateLimitRemaining(), response.rateLimitLimit());
        }
    }

    /** A 429: the organisation's budget is spent. */
    public synchronized void onThrottled() {
        long now = judge();
        answers++;
        throttled++;
        nextSlotNanos = Math.max(nextSlotNanos, now + intervalNanos());
    }

    public synchronized void onSuccess() {
        onSuccess(OptionalInt.empty(), OptionalInt.empty());
    }

    /**
     * A 2xx, with the answer's {@code X-RateLimit-Remaining} and {@code X-RateLimit-Limit} when the CMA sent them.
     */
    public synchronized void onSuccess(OptionalInt remaining, OptionalInt limit) {
        judge();
        answers++;
        if (remaining.isPresent()) {
            double organisationLimit = limit.orElse(10);
            int left = remaining.getAsInt();
            if (left <= Math.max(1, organisationLimit / 10)) {
                scarce++;
            } else if (left < organisationLimit / 4) {
                low++;
            }
        }
    }

    /** Closes the second being judged, if it is over, and adjusts the rate by it; returns the time. */
    private long judge() {
        long now = nanoTime.getAsLong();
        if (now - windowStart < SECOND) {
            return now;
        }
        if (answers > 0) {
            if (throttled * 10 > answers) {
                rate = Math.max(minRate, rate / 2);
            } else if (throttled > 0 || scarce > 0) {
                rate = Math.max(minRate, rate * 0.9);
            } else if (low == 0) {
                rate = Math.min(maxRate, rate + maxRate / 10);
            }
        }
        windowStart = now;
        answers = 0;
        throttled = 0;
        scarce = 0;
        low = 0;
        return now;
    }

    /** The rate now, after judging the second that just ended, if one did. */
    public synchronized double currentRate() {
        judge();
        return rate;
    }

    private long intervalNanos() {
        return (long) (1e9 / rate);
    }
}
