package dev.permalinker.ingest.verify;

import java.security.PublicKey;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contentstack's webhook signing key, held in memory: given ({@code CS_SIGNING_PUBLIC_KEY}) or fetched once at init
 * (before a SnapStart snapshot). When a signature fails to verify with it, the key may have been rotated: it is
 * fetched again, at most once per {@link #MIN_REFETCH_INTERVAL} counted between refetches (the init fetch does not
 * count, so a rotation right after a start is picked up at the first failure), one fetch in flight at a time (the
 * others wait for it and use its key); a failed refetch keeps the old key. A flood of forged signatures therefore
 * costs at most one fetch a minute.
 */
public final class SigningKeySource {
    /** At most one refetch a minute: a rotated key is picked up within a minute, a forged flood costs little. */
    public static final Duration MIN_REFETCH_INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(SigningKeySource.class);

    /** Fetches the current key; throws with a message that names the URL and the failure, never a key. */
    @FunctionalInterface
    public interface Fetcher {
        PublicKey fetch() throws Exception;
    }

    private final Fetcher fetcher;
    private final LongSupplier nanoTime;
    private volatile PublicKey current;
    /** Guarded by {@code this}: whether a refetch happened yet, and when (the init fetch is not one). */
    private boolean refetched;
    private long lastRefetchNanos;

    private SigningKeySource(PublicKey initial, Fetcher fetcher, LongSupplier nanoTime) {
        this.current = initial;
        this.fetcher = fetcher;
        this.nanoTime = nanoTime;
    }

    /** A key given in configuration: never refetched. */
    public static SigningKeySource fixed(PublicKey key) {
        return new SigningKeySource(key, null, System::nanoTime);
    }

    /** Fetches the key now; an {@link IllegalStateException} when it cannot be had (the function must not start). */
    public static SigningKeySource fetched(Fetcher fetcher, LongSupplier nanoTime) {
        try {
            return new SigningKeySource(fetcher.fetch(), fetcher, nanoTime);
        } catch (Exception e) {
            throw new IllegalStateException("cannot get Contentstack's webhook signing key: " + e.getMessage(), e);
        }
    }

    public PublicKey current() {
        return current;
    }

    /**
     * After a signature failed to verify with {@code failedWith}: the rotated key, when a refetch (allowed once per
     * {@link #MIN_REFETCH_INTERVAL}, whenever the current key was fetched) brought a different one, or another
     * caller's refetch already did; empty otherwise. Callers that arrive during a fetch wait for it (one in flight).
     */
    public Optional<PublicKey> refreshAfterFailure(PublicKey failedWith) {
        if (fetcher == null) {
            return Optional.empty();
        }
        synchronized (this) {
            if (current != failedWith) {
                return Optional.of(current);
            }
            long now = nanoTime.getAsLong();
            if (refetched && now - lastRefetchNanos < MIN_REFETCH_INTERVAL.toNanos()) {
                return Optional.empty();
            }
            refetched = true;
            lastRefetchNanos = now;
            try {
                PublicKey fetched = fetcher.fetch();
                if (fetched.equals(current)) {
                    return Optional.empty();
                }
                current = fetched;
                LOG.atInfo().addKeyValue("outcome", "signing_key_rotated").log("Contentstack's signing key changed");
                return Optional.of(fetched);
            } catch (Exception e) {
                LOG.atWarn().addKeyValue("outcome", "signing_key_refetch_failed").addKeyValue("detail", e.getMessage())
                        .log("could not fetch Contentstack's signing key again");
                return Optional.empty();
            }
        }
    }
}
