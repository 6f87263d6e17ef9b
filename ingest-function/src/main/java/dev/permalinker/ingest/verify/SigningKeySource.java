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
 * fetched again, at most once per {@link #MIN_REFETCH_INTERVAL}; a failed refetch keeps the old key.
 */
public final class SigningKeySource {
    public static final Duration MIN_REFETCH_INTERVAL = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(SigningKeySource.class);

    /** Fetches the current key; throws with a message that names the URL and the failure, never a key. */
    @FunctionalInterface
    public interface Fetcher {
        PublicKey fetch() throws Exception;
    }

    private final Fetcher fetcher;
    private final LongSupplier nanoTime;
    private volatile PublicKey current;
    private long lastFetchNanos;

    private SigningKeySource(PublicKey initial, Fetcher fetcher, LongSupplier nanoTime) {
        this.current = initial;
        this.fetcher = fetcher;
        this.nanoTime = nanoTime;
        this.lastFetchNanos = nanoTime.getAsLong();
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
     * {@link #MIN_REFETCH_INTERVAL}) brought a different one; empty otherwise.
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
            if (now - lastFetchNanos < MIN_REFETCH_INTERVAL.toNanos()) {
                return Optional.empty();
            }
            lastFetchNanos = now;
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
