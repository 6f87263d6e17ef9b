package dev.permalinker.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Decides, per request and from a seeded random, whether the simulator misbehaves, and how. */
final class FaultInjector {
    /** What to do instead of the real work; {@code NONE} to do the work. */
    enum Fault { NONE, RESET, HANG, SERVER_ERROR }

    private final Map<String, Integer> forcedStatus = new ConcurrentHashMap<>();
    private final Map<String, Duration> holdAfterWrite = new ConcurrentHashMap<>();
    private final AtomicLong injected = new AtomicLong();
    private volatile Faults faults = Faults.none();
    private volatile Random random = new Random(1);

    void set(Faults newFaults) {
        this.faults = newFaults;
        this.random = new Random(newFaults.seed());
    }

    Faults current() {
        return faults;
    }

    /** Waits the configured latency, then rolls for a fault. */
    Fault roll() {
        Faults current = faults;
        if (!current.latency().isZero()) {
            pause(current.latency());
        }
        double roll = random.nextDouble();
        Fault fault;
        if (roll < current.resetRate()) {
            fault = Fault.RESET;
        } else if (roll < current.resetRate() + current.hangRate()) {
            fault = Fault.HANG;
        } else if (roll < current.resetRate() + current.hangRate() + current.serverErrorRate()) {
            fault = Fault.SERVER_ERROR;
        } else {
            fault = Fault.NONE;
        }
        if (fault != Fault.NONE) {
            injected.incrementAndGet();
        }
        return fault;
    }

    /** An extra 429 on top of the rate limit, by the configured probability. */
    boolean extraThrottle() {
        return random.nextDouble() < faults.throttleRate();
    }

    int serverErrorStatus() {
        return new int[] {500, 502, 503}[random.nextInt(3)];
    }

    void force(String uid, int status) {
        if (status == 0) {
            forcedStatus.remove(uid);
        } else {
            forcedStatus.put(uid, status);
        }
    }

    /** The status forced for this asset, or 0. */
    int forcedStatus(String uid) {
        return uid == null ? 0 : forcedStatus.getOrDefault(uid, 0);
    }

    /** After setting this asset's URL, wait {@code hold} before answering (as if the answer were lost). */
    void holdAnswerAfterWrite(String uid, Duration hold) {
        holdAfterWrite.put(uid, hold);
    }

    /** Waits, if the answer to a write of this asset is to be held. */
    void afterWrite(String uid) {
        Duration hold = holdAfterWrite.remove(uid);
        if (hold != null) {
            pause(hold);
        }
    }

    long injected() {
        return injected.get();
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
