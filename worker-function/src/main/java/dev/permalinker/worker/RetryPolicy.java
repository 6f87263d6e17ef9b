package dev.permalinker.worker;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently one job is retried inside one invocation; past that the message goes back to the
 * queue and its next delivery tries again (until {@code maxReceiveCount} moves it to the DLQ).
 *
 * <p>Delays are exponential with full jitter, as AWS recommends:
 * https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    public static RetryPolicy standard() {
        return new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed ones. */
    public Duration delay(int attempt, RandomGenerator random) {
        long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() * (1L << Math.min(20, attempt - 1)));
        return ceiling <= 0 ? Duration.ZERO : Duration.ofMillis(random.nextLong(ceiling + 1));
    }
}
