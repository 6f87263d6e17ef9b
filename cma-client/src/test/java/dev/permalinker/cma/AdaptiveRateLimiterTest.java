package dev.permalinker.cma;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
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
    void onThrottled_halvesRateAndCleanSecondsRestoreIt_notCleanCalls() {
        limiter.onThrottled();
        assertThat(limiter.currentRate()).isEqualTo(2.5);
        for (int i = 0; i < 100; i++) {
            limiter.onSuccess();
        }
        assertThat(limiter.currentRate()).as("a hundred answers inside one second climb nothing").isEqualTo(2.5);
        for (int second = 1; second <= 5; second++) {
            now += Duration.ofSeconds(1).toNanos();
            limiter.onSuccess();
            assertThat(limiter.currentRate()).isEqualTo(Math.min(5.0, 2.5 + 0.5 * second));
        }
    }

    @Test
    void onThrottled_burstOfAnswersToRequestsInFlight_countsOnce() {
        for (int i = 0; i < 8; i++) {
            limiter.onThrottled();
        }
        assertThat(limiter.currentRate()).isEqualTo(2.5);
        now += AdaptiveRateLimiter.DECREASE_SPACING.toNanos();
        limiter.onThrottled();
        assertThat(limiter.currentRate()).isEqualTo(1.25);
    }

    @Test
    void onThrottled_manyTimes_neverBelowASixteenth() {
        for (int i = 0; i < 20; i++) {
            limiter.onThrottled();
            now += AdaptiveRateLimiter.DECREASE_SPACING.toNanos();
        }
        assertThat(limiter.currentRate()).isEqualTo(5.0 / 16);
    }

    @Test
    void budgetNearlySpent_givesWayATenth_lowHolds_plentyClimbs() {
        OptionalInt limit = OptionalInt.of(10);
        limiter.onSuccess(OptionalInt.of(1), limit);
        assertThat(limiter.currentRate()).as("1 of 10 left: others are spending it").isEqualTo(4.5);
        limiter.onSuccess(OptionalInt.of(0), limit);
        assertThat(limiter.currentRate()).as("once per spacing").isEqualTo(4.5);
        now += Duration.ofSeconds(1).toNanos();
        limiter.onSuccess(OptionalInt.of(2), limit);
        assertThat(limiter.currentRate()).as("under a quarter left: hold").isEqualTo(4.5);
        now += Duration.ofMillis(900).toNanos();
        limiter.onSuccess(OptionalInt.of(8), limit);
        assertThat(limiter.currentRate()).as("the clean second starts after the low one").isEqualTo(4.5);
        now += Duration.ofMillis(100).toNanos();
        limiter.onSuccess(OptionalInt.of(8), limit);
        assertThat(limiter.currentRate()).isEqualTo(5.0);
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
