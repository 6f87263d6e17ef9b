package dev.permalinker.retry;

/**
 * Spaces attempts out: the CMA's {@code AdaptiveRateLimiter} is one. {@link #acquire} waits for the next slot, or
 * answers false, without waiting, when that slot is after the deadline.
 */
@FunctionalInterface
public interface Pacer {
    /** No pacing: every attempt may start at once. */
    Pacer NONE = deadline -> true;

    boolean acquire(Deadline deadline) throws InterruptedException;
}
