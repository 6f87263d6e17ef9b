package dev.permalinker.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.retry.Retrier.Result;
import dev.permalinker.retry.Retrier.Step;
import dev.permalinker.retry.Retrier.Stop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The loop on a fake clock: a wait is recorded and moves the clock, a try takes what the test says; nothing sleeps. */
class RetrierTest {
    private static final Duration TRY = Duration.ofSeconds(1);
    private static final Backoff FIVE = new Backoff(5, Duration.ofMillis(100), Duration.ofSeconds(1));

    private long now;
    private double jitter = 1.0;
    private final List<Duration> waits = new ArrayList<>();
    private final List<Long> started = new ArrayList<>();
    private final Retrier retrier = new Retrier(() -> now, duration -> {
        waits.add(duration);
        now += duration.toNanos();
    }, () -> jitter);

    private Deadline in(Duration duration) {
        return new Deadline(now + duration.toNanos());
    }

    /** A try that takes {@code took} and fails {@code failures} times, then answers "ok". */
    private Retrier.Attempt<String> failing(int failures, Duration took) {
        return number -> {
            started.add(now);
            now += took.toNanos();
            return number <= failures ? Step.again("failure " + number) : Step.done("ok");
        };
    }

    @Test
    void run_firstTrySucceeds_finishedAfterOneWithoutWaiting() {
        Result<String> result = retrier.run(FIVE, in(Duration.ofMinutes(1)), TRY, Pacer.NONE, failing(0, TRY));

        assertThat(result).isEqualTo(new Result.Finished<>("ok", 1));
        assertThat(waits).isEmpty();
    }

    @Test
    void run_failsTwiceThenSucceeds_threeTriesTwoGrowingWaits() {
        Result<String> result = retrier.run(FIVE, in(Duration.ofMinutes(1)), TRY, Pacer.NONE,
                failing(2, Duration.ZERO));

        assertThat(result).isEqualTo(new Result.Finished<>("ok", 3));
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void run_failsEveryTime_stopsAtMaxAttemptsWithTheLastProblem() {
        Result<String> result = retrier.run(FIVE, in(Duration.ofMinutes(1)), TRY, Pacer.NONE,
                failing(Integer.MAX_VALUE, Duration.ZERO));

        assertThat(result).isEqualTo(new Result.GaveUp<>(Stop.FAILED, "failure 5", 5));
        assertThat(started).hasSize(5);
        assertThat(waits).as("no wait after the last try").hasSize(4);
    }

    @Test
    void run_doneWithAFailureValue_endsWithoutRetrying() {
        Result<String> result = retrier.run(FIVE, in(Duration.ofMinutes(1)), TRY, Pacer.NONE,
                number -> Step.done("rejected"));

        assertThat(result).isEqualTo(new Result.Finished<>("rejected", 1));
    }

    @Test
    void run_noRoomForOneTry_startsNothing() {
        Result<String> result = retrier.run(FIVE, in(TRY.minusNanos(1)), TRY, Pacer.NONE, failing(0, TRY));

        assertThat(result).isEqualTo(new Result.GaveUp<>(Stop.OUT_OF_TIME, null, 0));
        assertThat(started).isEmpty();
    }

    @Test
    void run_slowTries_neverStartsOneThatCouldEndPastTheDeadline() {
        Deadline deadline = in(Duration.ofSeconds(5));

        Result<String> result = retrier.run(new Backoff(100, Duration.ofMillis(100), Duration.ofSeconds(1)), deadline,
                Duration.ofSeconds(2), Pacer.NONE, failing(Integer.MAX_VALUE, Duration.ofSeconds(2)));

        // 0-2 s fails, wait 100 ms, 2.1-4.1 s fails; a third (wait 200 ms + 2 s) would end at 6.3 s.
        assertThat(result).isEqualTo(new Result.GaveUp<>(Stop.FAILED, "failure 2", 2));
        for (long start : started) {
            assertThat(start + Duration.ofSeconds(2).toNanos()).isLessThanOrEqualTo(deadline.nanos());
        }
        assertThat(now).isLessThanOrEqualTo(deadline.nanos());
    }

    @Test
    void run_retryAfter_waitsWhatTheServerAskedInsteadOfTheBackoff() {
        Retrier.Attempt<String> throttledOnce = number -> number == 1
                ? Step.again("throttled", Optional.of(Duration.ofSeconds(3))) : Step.done("ok");

        Result<String> result = retrier.run(FIVE, in(Duration.ofMinutes(1)), TRY, Pacer.NONE, throttledOnce);

        assertThat(result).isEqualTo(new Result.Finished<>("ok", 2));
        assertThat(waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void run_retryAfterLongerThanTheDeadlineAllows_stopsWithoutWaiting() {
        Retrier.Attempt<String> throttled = number -> Step.again("throttled", Optional.of(Duration.ofSeconds(30)));

        Result<String> result = retrier.run(FIVE, in(Duration.ofSeconds(10)), TRY, Pacer.NONE, throttled);

        assertThat(result).isEqualTo(new Result.GaveUp<>(Stop.FAILED, "throttled", 1));
        assertThat(waits).isEmpty();
    }

    @Test
    void run_randomJitter_everyWaitWithinZeroAndItsCeiling() {
        Random random = new Random(11);
        Retrier jittered = new Retrier(() -> now, duration -> {
            waits.add(duration);
            now += duration.toNanos();
        }, random::nextDouble);
        Backoff many = new Backoff(12, Duration.ofMillis(100), Duration.ofSeconds(1));

        jittered.run(many, in(Duration.ofHours(1)), TRY, Pacer.NONE, failing(Integer.MAX_VALUE, Duration.ZERO));

        assertThat(waits).hasSize(11);
        for (int i = 0; i < waits.size(); i++) {
            assertThat(waits.get(i)).isBetween(Duration.ZERO, many.ceiling(i + 1));
        }
        assertThat(waits).as("jittered, not the ceilings").doesNotContainSequence(many.ceiling(1), many.ceiling(2));
    }

    @Test
    void run_pacerPerTry_askedBeforeEachTryWithTheDeadline() {
        Deadline deadline = in(Duration.ofMinutes(1));
        List<Deadline> asked = new ArrayList<>();
        Pacer pacer = d -> {
            asked.add(d);
            return true;
        };

        retrier.run(FIVE, deadline, TRY, pacer, failing(2, Duration.ZERO));

        assertThat(asked).containsExactly(deadline, deadline, deadline);
    }

    @Test
    void run_pacerHasNoSlotBeforeTheDeadline_outOfTimeWithTheLastProblem() {
        int[] slots = {1};
        Pacer oneSlot = d -> slots[0]-- > 0;

        Result<String> result = retrier.run(FIVE, in(Duration.ofMinutes(1)), TRY, oneSlot,
                failing(Integer.MAX_VALUE, Duration.ZERO));

        assertThat(result).isEqualTo(new Result.GaveUp<>(Stop.OUT_OF_TIME, "failure 1", 1));
    }

    @Test
    void run_interruptedWhileWaiting_stopsAndKeepsTheInterrupt() {
        Retrier interrupted = new Retrier(() -> now, duration -> {
            throw new InterruptedException();
        }, () -> jitter);

        Result<String> result = interrupted.run(FIVE, in(Duration.ofMinutes(1)), TRY, Pacer.NONE,
                failing(Integer.MAX_VALUE, Duration.ZERO));

        assertThat(result).isEqualTo(new Result.GaveUp<>(Stop.INTERRUPTED, "failure 1", 1));
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void run_interruptedWhilePacing_startsNothingAndKeepsTheInterrupt() {
        Pacer interrupting = d -> {
            throw new InterruptedException();
        };

        Result<String> result = retrier.run(FIVE, in(Duration.ofMinutes(1)), TRY, interrupting, failing(0, TRY));

        assertThat(result).isEqualTo(new Result.GaveUp<>(Stop.INTERRUPTED, null, 0));
        assertThat(started).isEmpty();
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void run_zeroJitter_triesAgainWithoutSleeping() {
        jitter = 0;

        Result<String> result = retrier.run(FIVE, in(Duration.ofMinutes(1)), TRY, Pacer.NONE,
                failing(1, Duration.ZERO));

        assertThat(result.attempts()).isEqualTo(2);
        assertThat(waits).isEmpty();
    }
}
