package dev.permalinker.worker;

import java.security.SecureRandom;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The backoff jitter's random source, re-seeded after a SnapStart restore. A generator seeded at init is frozen into
 * the snapshot, and every container restored from it would draw the same "random" delays and retry in lockstep,
 * which is what jitter is there to prevent. {@link #reseed()} runs in the CRaC {@code afterRestore} hook.
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-uniqueness.html
 */
public final class JitterRandom implements RandomGenerator {
    private volatile Random random = seeded();

    private static Random seeded() {
        return new Random(new SecureRandom().nextLong());
    }

    /** A new seed, drawn now. */
    public void reseed() {
        random = seeded();
    }

    @Override
    public long nextLong() {
        return random.nextLong();
    }
}
