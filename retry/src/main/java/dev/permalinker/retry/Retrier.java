package dev.permalinker.retry;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The one retry loop: tries an {@link Attempt} until it gives a value, within a {@link Backoff} and a
 * {@link Deadline}, each try paced by a {@link Pacer}. The caller keeps only its policy: what each answer means
 * (a value that ends the loop, or a problem worth another try).
 *
 * <p>It never starts a try that could not end before the deadline: before each one, {@code attemptTime} (the most one
 * try may take: its call timeout) must fit, and after a failed one the wait plus {@code attemptTime} must fit, or it
 * stops at once instead of waiting for nothing. A wait is the server's own ({@code Retry-After}) when the answer gave
 * one, else the back-off's jittered delay. An interrupt while pacing or waiting stops it; the thread's interrupt flag
 * is set again for the caller.
 */
public final class Retrier {
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;

    /**
     * @param nanoTime the clock the deadlines are read on ({@link System#nanoTime()} in production)
     * @param jitter   uniform in [0, 1]: the back-off's jitter
     */
    public Retrier(LongSupplier nanoTime, Sleeper sleeper, DoubleSupplier jitter) {
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.jitter = jitter;
    }

    /** The real clock and sleep, jitter from the thread's own generator. */
    public static Retrier create() {
        return new Retrier(System::nanoTime, Sleeper.threadSleep(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /** One try; {@code number} counts from 1. */
    @FunctionalInterface
    public interface Attempt<T> {
        Step<T> run(int number);
    }

    /** What one try gave: a value that ends the loop, or a problem worth another try. */
    public sealed interface Step<T> {
        /** The loop's answer: success, or a failure no retry can mend. */
        record Done<T>(T value) implements Step<T> {
        }

        /**
         * Worth another try.
         *
         * @param problem    what went wrong, in words (the last one is in {@link Result.GaveUp})
         * @param retryAfter the wait the server asked for, when it named one
         */
        record Again<T>(String problem, Optional<Duration> retryAfter) implements Step<T> {
        }

        static <T> Step<T> done(T value) {
            return new Done<>(value);
        }

        static <T> Step<T> again(String problem) {
            return new Again<>(problem, Optional.empty());
        }

        static <T> Step<T> again(String problem, Optional<Duration> retryAfter) {
            return new Again<>(problem, retryAfter);
        }
    }

    /** Why the loop stopped without a value. */
    public enum Stop {
        /** The next try would not have ended before the deadline, or the pacer had no slot before it: not started. */
        OUT_OF_TIME,
        /** The last try failed and no other follows: the attempts are spent, or its wait would pass the deadline. */
        FAILED,
        /** Interrupted while pacing or waiting (the interrupt flag is set again). */
        INTERRUPTED
    }

    /** How the loop ended; {@link #attempts()} counts the tries made. */
    public sealed interface Result<T> {
        int attempts();

        /** A try gave a value. */
        record Finished<T>(T value, int attempts) implements Result<T> {
        }

        /** @param problem the last try's problem, or {@code null} when no try was made */
        record GaveUp<T>(Stop stop, String problem, int attempts) implements Result<T> {
        }
    }

    /**
     * Tries {@code attempt} until it gives a value, the back-off's attempts are spent, or the deadline leaves no room.
     *
     * @param attemptTime the most one try may take (its call timeout)
     */
    public <T> Result<T> run(Backoff backoff, Deadline deadline, Duration attemptTime, Pacer pacer,
                             Attempt<T> attempt) {
        String problem = null;
        for (int number = 1; ; number++) {
            try {
                if (!deadline.allows(attemptTime, nanoTime.getAsLong()) || !pacer.acquire(deadline)) {
                    return new Result.GaveUp<>(Stop.OUT_OF_TIME, problem, number - 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result.GaveUp<>(Stop.INTERRUPTED, problem, number - 1);
            }
            Step<T> step = attempt.run(number);
            if (step instanceof Step.Done<T> done) {
                return new Result.Finished<>(done.value(), number);
            }
            Step.Again<T> again = (Step.Again<T>) step;
            problem = again.problem();
            if (number >= backoff.maxAttempts()) {
                return new Result.GaveUp<>(Stop.FAILED, problem, number);
            }
            int failed = number;
            Duration wait = again.retryAfter().orElseGet(() -> backoff.delay(failed, jitter));
            if (!deadline.allows(wait.plus(attemptTime), nanoTime.getAsLong())) {
                return new Result.GaveUp<>(Stop.FAILED, problem, number);
            }
            if (!wait.isZero() && !wait.isNegative()) {
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Result.GaveUp<>(Stop.INTERRUPTED, problem, number);
                }
            }
        }
    }
}
