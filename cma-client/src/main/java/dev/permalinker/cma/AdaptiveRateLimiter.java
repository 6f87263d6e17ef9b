package dev.permalinker.cma;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces CMA requests evenly at this container's share of the rate limit, and slows down when throttled.
 *
 * <p>One instance per container, shared by every thread. After a 429 the rate halves (down to
 * {@code maxRate / 16}); each success adds back {@code maxRate / 20} (additive increase, multiplicative decrease).
 * Contentstack answers 429 without {@code Retry-After}, so pacing, not waiting for a hint, is what keeps us inside
 * the limit: https://www.contentstack.com/docs/developers/apis/content-management-api#rate-limiting
 */
public final class AdaptiveRateLimiter {
    private final double maxRate;
    private final double minRate;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private double rate;
    private long nextSlotNanos;

    public AdaptiveRateLimiter(double maxRatePerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(maxRatePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, was " + maxRatePerSecond);
        }
        this.maxRate = maxRatePerSecond;
        this.minRate = maxRatePerSecond / 16;
        this.rate = maxRatePerSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.nextSlotNanos = nanoTime.getAsLong();
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

    public synchronized void onThrottled() {
        rate = Math.max(minRate, rate / 2);
        nextSlotNanos = Math.max(nextSlotNanos, nanoTime.getAsLong() + intervalNanos());
    }

    public synchronized void onSuccess() {
        rate = Math.min(maxRate, rate + maxRate / 20);
    }

    public synchronized double currentRate() {
        return rate;
    }

    private long intervalNanos() {
        return (long) (1e9 / rate);
    }
}
