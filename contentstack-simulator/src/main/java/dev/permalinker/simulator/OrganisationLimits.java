package dev.permalinker.simulator;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The organisation's CMA rate limits: separate budgets for reads and writes, each {@code limit} requests a second,
 * shared by every client of the organisation (documented: 10 reads/s and 10 writes/s by default).
 */
final class OrganisationLimits {
    private final TokenBucket writes;
    private final TokenBucket reads;
    private final AtomicLong throttled = new AtomicLong();

    OrganisationLimits(double perSecond) {
        this.writes = new TokenBucket(perSecond);
        this.reads = new TokenBucket(perSecond);
    }

    TokenBucket writes() {
        return writes;
    }

    TokenBucket reads() {
        return reads;
    }

    void countThrottled() {
        throttled.incrementAndGet();
    }

    long throttled() {
        return throttled.get();
    }
}
