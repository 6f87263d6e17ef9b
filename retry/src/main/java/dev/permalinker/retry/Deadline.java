package dev.permalinker.retry;

import java.time.Duration;

/** A point in {@link System#nanoTime()} time by which an invocation's work must be finished. */
public record Deadline(long nanos) {

    public static Deadline after(Duration duration) {
        return new Deadline(System.nanoTime() + duration.toNanos());
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, nanos - System.nanoTime()));
    }

    /** Whether {@code work} started now would end before the deadline. */
    public boolean allows(Duration work) {
        return allows(work, System.nanoTime());
    }

    /** Whether {@code work} started at {@code nowNanos} (the same clock's reading) would end before the deadline. */
    public boolean allows(Duration work, long nowNanos) {
        return nanos - nowNanos >= work.toNanos();
    }
}
