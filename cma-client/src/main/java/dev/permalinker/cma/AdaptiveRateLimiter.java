package dev.permalinker.cma;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

/**
 * Spaces CMA requests evenly at this container's share of the organisation's rate limit, and gives way to the
 * organisation's other clients (editors in the web app, other integrations), which share the same budget.
 *
 * <p>One instance per container and budget (reads, writes), shared by every thread. A 429 halves the rate (at most
 * once per {@link #DECREASE_SPACING}, so a burst of answers to requests already in flight counts once; never below
 * a sixteenth of the ceiling). The rate climbs back by a tenth of the ceiling per full second of clean answers, not
 * per answer: from half to full in five seconds without a 429. {@code X-RateLimit-Remaining} says how much of the
 * organisation's budget is left: when others are spending it, it runs low before anyone gets a 429. At most a tenth
 * of the limit left, the rate gives way by a tenth (at most once per {@link #DECREASE_SPACING}); under a quarter,
 * it holds; only with more left does a clean second count. Contentstack answers 429 without
 * {@code Retry-After}, so pacing, not waiting for a hint, is what keeps us inside the limit:
 * https://www.contentstack.com/docs/developers/apis/content-management-api#rate-limiting
 */
public final class AdaptiveRateLimiter {
    static final Duration DECREASE_SPACING = Duration.ofMillis(500);
    private static final long SECOND = 1_000_000_000L;

    private final double maxRate;
    private final double minRate;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private double rate;
    private long nextSlotNanos;
    private long lastDecreaseNanos;
    /** When the current run of clean answers began; the rate climbs once per full second of it. */
    private long cleanSinceNanos;

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
        this.lastDecreaseNanos = now - DECREASE_SPACING.toNanos();
        this.cleanSinceNanos = now;
    }

    public static AdaptiveRateLimiter create(double maxRatePerSecond) {
        return new AdaptiveRateLimiter(maxRatePerSecond, System::nanoTime, Sleeper.threadSleep());
    }

    /**
     * Waits for the next request slot. Returns false, without waiting, when that slot is after the deadline.
     */
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

    /** A 429: the organisation's budget is spent. */
    public synchronized void onThrottled() {
        long now = nanoTime.getAsLong();
        cleanSinceNanos = now;
        if (now - lastDecreaseNanos < DECREASE_SPACING.toNanos()) {
            return;
        }
        lastDecreaseNanos = now;
        rate = Math.max(minRate, rate / 2);
        nextSlotNanos = Math.max(nextSlotNanos, now + intervalNanos());
    }

    public synchronized void onSuccess() {
        onSuccess(OptionalInt.empty(), OptionalInt.empty());
    }

    /**
     * A 2xx, with the answer's {@code X-RateLimit-Remaining} and {@code X-RateLimit-Limit} when the CMA sent them.
     */
    public synchronized void onSuccess(OptionalInt remaining, OptionalInt limit) {
        long now = nanoTime.getAsLong();
        if (remaining.isPresent()) {
            int organisationLimit = limit.orElse(10);
            int left = remaining.getAsInt();
            if (left <= Math.max(1, organisationLimit / 10)) {
                // The organisation's budget is nearly spent: others need it too. Give way a little.
                cleanSinceNanos = now;
                if (now - lastDecreaseNanos >= DECREASE_SPACING.toNanos()) {
                    lastDecreaseNanos = now;
                    rate = Math.max(minRate, rate * 0.9);
                }
                return;
            }
            if (left < organisationLimit / 4.0) {
                cleanSinceNanos = now;
                return;
            }
        }
        if (rate < maxRate && now - cleanSinceNanos >= SECOND) {
            rate = Math.min(maxRate, rate + maxRate / 10);
            cleanSinceNanos = now;
        }
    }

    public synchronized double currentRate() {
        return rate;
    }

    public double maxRate() {
        return maxRate;
    }

    private long intervalNanos() {
        return (long) (1e9 / rate);
    }
}
