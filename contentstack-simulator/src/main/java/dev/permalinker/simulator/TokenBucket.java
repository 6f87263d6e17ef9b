package dev.permalinker.simulator;

/** The CMA's per-organisation rate limit: {@code ratePerSecond} tokens a second, at most one second's worth saved. */
final class TokenBucket {
    private final double ratePerSecond;
    private final double capacity;
    private double tokens;
    private long lastRefillNanos;

    TokenBucket(double ratePerSecond) {
        this.ratePerSecond = ratePerSecond;
        this.capacity = Math.max(1, ratePerSecond);
        this.tokens = capacity;
        this.lastRefillNanos = System.nanoTime();
    }

    synchronized boolean tryTake() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - lastRefillNanos) * ratePerSecond / 1e9);
        lastRefillNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    synchronized int remaining() {
        return (int) Math.floor(tokens);
    }

    int limit() {
        return (int) Math.round(ratePerSecond);
    }
}
