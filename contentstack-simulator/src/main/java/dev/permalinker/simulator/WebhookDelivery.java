package dev.permalinker.simulator;

import java.time.Duration;

/**
 * How the simulated Contentstack delivers webhooks: its documented timings, scaled for tests.
 * <ul>
 *   <li>retries after 5, 25, 125 and 625 s on any non-2xx or no answer ("Webhook Retry Policy"), each times
 *       {@code timeScale};</li>
 *   <li>a delivery that has no answer after 30 s (times {@code timeScale}, but never under {@code minimumTimeout})
 *       failed;</li>
 *   <li>at most {@code executionsPerMinute} deliveries a minute (times {@code timeScale}) per organisation; the rest
 *       wait for the next minute ("Webhook rate limit": 200).</li>
 * </ul>
 *
 * @param timeScale           1 for Contentstack's own timings; 0.001 turns 625 s into 0.625 s
 * @param minimumTimeout      the floor of the scaled 30 s timeout, so a loaded test machine is not a timeout
 * @param executionsPerMinute deliveries per (scaled) minute
 */
public record WebhookDelivery(double timeScale, Duration minimumTimeout, int executionsPerMinute) {
    /** The retry delays after the first, second, third and fourth failed attempt. */
    static final Duration[] RETRY_DELAYS = {Duration.ofSeconds(5), Duration.ofSeconds(25), Duration.ofSeconds(125),
        Duration.ofSeconds(625)};
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Duration MINUTE = Duration.ofMinutes(1);

    public WebhookDelivery {
        if (!(timeScale > 0) || executionsPerMinute < 1 || minimumTimeout.isNegative()) {
            throw new IllegalArgumentException("timeScale must be positive and executionsPerMinute at least 1");
        }
    }

    /** Contentstack's timings as documented. */
    public static WebhookDelivery documented() {
        return new WebhookDelivery(1, Duration.ZERO, 200);
    }

    /** Contentstack's timings times {@code timeScale}, with a 2 s floor on the timeout. */
    public static WebhookDelivery scaled(double timeScale) {
        return new WebhookDelivery(timeScale, Duration.ofSeconds(2), 200);
    }

    public WebhookDelivery withExecutionsPerMinute(int perMinute) {
        return new WebhookDelivery(timeScale, minimumTimeout, perMinute);
    }

    public WebhookDelivery withMinimumTimeout(Duration floor) {
        return new WebhookDelivery(timeScale, floor, executionsPerMinute);
    }

    Duration scale(Duration duration) {
        return Duration.ofNanos((long) (duration.toNanos() * timeScale));
    }

    Duration timeout() {
        Duration scaled = scale(TIMEOUT);
        return scaled.compareTo(minimumTimeout) < 0 ? minimumTimeout : scaled;
    }

    /** The delay before retry {@code retryNumber} (1 to 4), scaled. */
    Duration retryDelay(int retryNumber) {
        return scale(RETRY_DELAYS[retryNumber - 1]);
    }

    static int maxRetries() {
        return RETRY_DELAYS.length;
    }
}
