package dev.permalinker.cma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.retry.Deadline;
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

    private void second(Runnable answers) {
        answers.run();
        now += Duration.ofSeconds(1).toNanos();
    }

    @Test
    void aSecondOfMostly429s_halvesTheRate_cleanSecondsRestoreIt_notCleanCalls() {
        second(() -> {
            limiter.onThrottled();
            limiter.onSuccess();
        });
        assertThat(limiter.currentRate()).isEqualTo(2.5);
        second(() -> {
            for (int i = 0; i < 100; i++) {
                limiter.onSuccess();
            }
        });
        assertThat(limiter.currentRate()).as("a hundred clean answers are one clean second").isEqualTo(3.0);
        for (int s = 0; s < 4; s++) {
            second(limiter::onSuccess);
        }
        assertThat(limiter.currentRate()).isEqualTo(5.0);
    }

    @Test
    void anOccasional429_easesByATenthNotAHalf() {
        second(() -> {
            limiter.onThrottled();
            for (int i = 0; i < 19; i++) {
                limiter.onSuccess();
            }
        });
        assertThat(limiter.currentRate()).isEqualTo(4.5);
    }

    @Test
    void everySecondThrottled_neverBelowASixteenth() {
        for (int s = 0; s < 20; s++) {
            second(limiter::onThrottled);
        }
        assertThat(limiter.currentRate()).isEqualTo(5.0 / 16);
    }

    @Test
    void budgetNearlySpent_easesATenth_lowHolds_plentyClimbs() {
        OptionalInt limit = OptionalInt.of(10);
        second(() -> limiter.onThrottled());
        second(() -> limiter.onThrottled());
        assertThat(limiter.currentRate()).isEqualTo(1.25);
        second(() -> limiter.onSuccess(OptionalInt.of(1), limit));
        assertThat(limiter.currentRate()).as("1 of 10 left: others are spending it").isEqualTo(1.125);
        second(() -> limiter.onSuccess(OptionalInt.of(2), limit));
        assertThat(limiter.currentRate()).as("under a quarter left: hold").isEqualTo(1.125);
        second(() -> limiter.onSuccess(OptionalInt.of(8), limit));
        assertThat(limiter.currentRate()).isEqualTo(1.625);
    }

    @Test
    void aThrottleAnswer_pushesTheNextSlotBackAtOnce() throws InterruptedException {
        limiter.acquire(farAway);
        long before = now;
        limiter.onThrottled();
        limiter.acquire(farAway);

        assertThat(now - before).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
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
