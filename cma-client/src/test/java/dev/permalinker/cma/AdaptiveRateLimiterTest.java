package dev.permalinker.cma;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the limiter on a fake clock that advances only when the limiter sleeps. */
class AdaptiveRateLimiterTest {
    private long now = 1_000_000_000L;
    private final List<Duration> sleeps = new ArrayList<>();
    private final AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(5, () -> now, d -> {
        sleeps.add(d);
        now += d.toNanos();
    });
    private final Deadline farAway = new Deadline(Long.MAX_VALUE);

    @Test
    void acquire_hundredPermits_spacedAtTheRate() throws InterruptedException {
        long start = now;
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.acquire(farAway)).isTrue();
        }
        // 100 permits at 5/s: the 100th may start after 99 intervals, minus the one catch-up slot.
        assertThat(Duration.ofNanos(now - start)).isBetween(Duration.ofMillis(19_600), Duration.ofMillis(19_800));
    }

    @Test
    void onThrottled_halvesRateAndSuccessRestoresIt() {
        limiter.onThrottled();
        assertThat(limiter.currentRate()).isEqualTo(2.5);
        for (int i = 0; i < 100; i++) {
            limiter.onSuccess();
        }
        assertThat(limiter.currentRate()).isEqualTo(5.0);
    }

    @Test
    void onThrottled_manyTimes_neverBelowASixteenth() {
        for (int i = 0; i < 20; i++) {
            limiter.onThrottled();
        }
        assertThat(limiter.currentRate()).isEqualTo(5.0 / 16);
    }

    @Test
    void acquire_slotAfterDeadline_refusesWithoutWaiting() throws InterruptedException {
        limiter.acquire(farAway);
        limiter.acquire(farAway);
        int before = sleeps.size();

        assertThat(limiter.acquire(new Deadline(now + 1))).isFalse();
        assertThat(sleeps).hasSize(before);
    }
}
