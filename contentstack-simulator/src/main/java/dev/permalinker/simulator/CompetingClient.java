package dev.permalinker.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Another client of the same organisation (an editor uploading, another integration) spending part of the write
 * budget at a steady rate: it takes from the same bucket the simulated CMA's writes do, and counts its own 429s.
 */
public final class CompetingClient implements AutoCloseable {
    private final TokenBucket writes;
    private final double ratePerSecond;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final List<Long> successNanos = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;

    CompetingClient(TokenBucket writes, double ratePerSecond) {
        this.writes = writes;
        this.ratePerSecond = ratePerSecond;
        this.thread = new Thread(this::run, "competing-client");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        long interval = (long) (1e9 / ratePerSecond);
        long next = System.nanoTime();
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            attempts.incrementAndGet();
            if (writes.tryTake()) {
                successNanos.add(System.nanoTime());
            } else {
                throttled.incrementAndGet();
            }
            next += interval;
        }
    }

    public long attempts() {
        return attempts.get();
    }

    /** Its requests answered 429. */
    public long throttled() {
        return throttled.get();
    }

    /** {@link System#nanoTime()} of each of its writes that went through. */
    public List<Long> successNanos() {
        synchronized (successNanos) {
            return List.copyOf(successNanos);
        }
    }

    /** Stops spending the budget (the editors went home). */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }
}
