package dev.permalinker.retry;

import java.time.Duration;

/** Waits; production sleeps the thread, tests record the waits instead of spending them. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    static Sleeper threadSleep() {
        return duration -> Thread.sleep(duration.toMillis(), (int) (duration.toNanosPart() % 1_000_000));
    }
}
