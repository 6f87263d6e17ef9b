package dev.permalinker.simulator;

import java.time.Duration;

/**
 * Faults the simulator injects, decided per request by a seeded random so a run can be repeated.
 *
 * @param serverErrorRate probability of answering 500, 502 or 503 instead of doing the work
 * @param throttleRate    probability of an extra 429 on top of the rate limit (bursts of throttling)
 * @param resetRate       probability of closing the connection without an answer
 * @param hangRate        probability of holding the request for {@code hang} before closing it unanswered
 * @param latency         added to every request
 */
public record Faults(double serverErrorRate, double throttleRate, double resetRate, double hangRate, Duration hang,
                     Duration latency, long seed) {

    public static Faults none() {
        return new Faults(0, 0, 0, 0, Duration.ZERO, Duration.ZERO, 1);
    }

    public Faults withServerErrorRate(double rate) {
        return new Faults(rate, throttleRate, resetRate, hangRate, hang, latency, seed);
    }

    public Faults withThrottleRate(double rate) {
        return new Faults(serverErrorRate, rate, resetRate, hangRate, hang, latency, seed);
    }

    public Faults withResetRate(double rate) {
        return new Faults(serverErrorRate, throttleRate, rate, hangRate, hang, latency, seed);
    }

    public Faults withHang(double rate, Duration duration) {
        return new Faults(serverErrorRate, throttleRate, resetRate, rate, duration, latency, seed);
    }

    public Faults withLatency(Duration added) {
        return new Faults(serverErrorRate, throttleRate, resetRate, hangRate, hang, added, seed);
    }

    public Faults withSeed(long newSeed) {
        return new Faults(serverErrorRate, throttleRate, resetRate, hangRate, hang, latency, newSeed);
    }
}
