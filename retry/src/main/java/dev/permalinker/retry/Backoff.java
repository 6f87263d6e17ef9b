package dev.permalinker.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How often and how patiently something is tried: at most {@code maxAttempts}, waiting between them exponentially
 * longer from {@code base}, doubling, at most {@code maxDelay}, with full jitter, as AWS recommends
 * (https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/): the waits of many clients that
 * failed together spread out instead of striking again together.
 */
public record Backoff(int maxAttempts, Duration base, Duration maxDelay) {
    /** One attempt, no retry. */
    public static final Backoff ONCE = new Backoff(1, Duration.ZERO, Duration.ZERO);

    public Backoff {
        if (maxAttempts < 1 || base.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("a back-off needs at least one attempt and no negative wait, was "
                    + maxAttempts + " attempts, base " + base + ", max " + maxDelay);
        }
    }

    /** The longest wait after {@code failedAttempts} failed ones: {@code min(maxDelay, base × 2^(failed - 1))}. */
    public Duration ceiling(int failedAttempts) {
        Duration grown = base.multipliedBy(1L << Math.min(20, Math.max(0, failedAttempts - 1)));
        return grown.compareTo(maxDelay) > 0 ? maxDelay : grown;
    }

    /**
     * The wait before the next attempt after {@code failedAttempts} failed ones, full jitter: {@code uniform} (in
     * [0, 1]) of {@link #ceiling}.
     */
    public Duration delay(int failedAttempts, DoubleSupplier uniform) {
        return Duration.ofNanos((long) (uniform.getAsDouble() * ceiling(failedAttempts).toNanos()));
    }
}
