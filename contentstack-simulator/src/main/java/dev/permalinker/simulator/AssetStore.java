package dev.permalinker.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated organisation's state: stacks with their management tokens, assets, and what was done to each.
 * Thread-safe. A permanent URL can be set once; the same value again is accepted, a different one refused.
 */
final class AssetStore {
    /** What a write of a permanent URL did. */
    enum WriteResult { SET, SAME_AGAIN, ALREADY_DIFFERENT, NO_SUCH_ASSET }

    private final Map<String, String> tokensByStack = new ConcurrentHashMap<>();
    private final Map<String, SimulatedAsset> assets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> putCalls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> getCalls = new ConcurrentHashMap<>();
    private final AtomicLong successfulWrites = new AtomicLong();
    private final List<Long> writeTimesNanos = Collections.synchronizedList(new ArrayList<>());
    private volatile Clock clock = Clock.systemUTC();

    /** The clock new assets take their {@code created_at} from (tests pass a fixed or moving one). */
    void clock(Clock newClock) {
        this.clock = newClock;
    }

    Instant now() {
        return clock.instant();
    }

    void addStack(String apiKey, String token) {
        tokensByStack.put(apiKey, token);
    }

    void addStackIfAbsent(String apiKey, String token) {
        tokensByStack.putIfAbsent(apiKey, token);
    }

    /** Every stack with its management token (a persistent simulator saves them). */
    Map<String, String> stacks() {
        return Map.copyOf(tokensByStack);
    }

    /** Puts back an asset saved by an earlier process, as it was (no write counted, no webhook sent). */
    void restore(SimulatedAsset asset) {
        assets.put(key(asset.apiKey(), asset.uid()), asset);
    }

    boolean knows(String apiKey) {
        return tokensByStack.containsKey(apiKey);
    }

    /** The stack's management token: a token belongs to one stack. */
    String tokenOf(String apiKey) {
        return tokensByStack.get(apiKey);
    }

    SimulatedAsset create(String apiKey, String uid, String filename, String url, String contentType) {
        return create(apiKey, uid, filename, url, contentType, clock.instant());
    }

    SimulatedAsset create(String apiKey, String uid, String filename, String url, String contentType,
                          Instant createdAt) {
        SimulatedAsset asset = new SimulatedAsset(apiKey, uid, filename, url, contentType,
                Timestamps.format(createdAt), null);
        assets.put(key(apiKey, uid), asset);
        return asset;
    }

    void delete(String apiKey, String uid) {
        assets.remove(key(apiKey, uid));
    }

    SimulatedAsset get(String apiKey, String uid) {
        return assets.get(key(apiKey, uid));
    }

    List<SimulatedAsset> all() {
        return List.copyOf(assets.values());
    }

    /** The stack's assets, oldest first. */
    List<SimulatedAsset> ofStack(String apiKey) {
        return assets.values().stream().filter(a -> a.apiKey().equals(apiKey))
                .sorted(Comparator.comparing((SimulatedAsset a) -> Timestamps.parse(a.createdAt()))
                        .thenComparing(SimulatedAsset::uid))
                .toList();
    }

    synchronized WriteResult setPermanentUrl(String apiKey, String uid, String wanted) {
        SimulatedAsset asset = assets.get(key(apiKey, uid));
        if (asset == null) {
            return WriteResult.NO_SUCH_ASSET;
        }
        if (asset.permanentUrl() != null) {
            if (!asset.permanentUrl().equals(wanted)) {
                return WriteResult.ALREADY_DIFFERENT;
            }
            successfulWrites.incrementAndGet();
            return WriteResult.SAME_AGAIN;
        }
        assets.put(key(apiKey, uid), asset.withPermanentUrl(wanted));
        writes.computeIfAbsent(uid, u -> new AtomicInteger()).incrementAndGet();
        writeTimesNanos.add(System.nanoTime());
        successfulWrites.incrementAndGet();
        return WriteResult.SET;
    }

    void countCall(String uid, boolean put) {
        (put ? putCalls : getCalls).computeIfAbsent(uid, u -> new AtomicInteger()).incrementAndGet();
    }

    int writesFor(String uid) {
        return count(writes, uid);
    }

    int putCallsFor(String uid) {
        return count(putCalls, uid);
    }

    int getCallsFor(String uid) {
        return count(getCalls, uid);
    }

    long successfulWrites() {
        return successfulWrites.get();
    }

    List<Long> writeTimesNanos() {
        synchronized (writeTimesNanos) {
            return List.copyOf(writeTimesNanos);
        }
    }

    private static int count(Map<String, AtomicInteger> counters, String uid) {
        AtomicInteger counter = counters.get(uid);
        return counter == null ? 0 : counter.get();
    }

    private static String key(String apiKey, String uid) {
        return apiKey + "/" + uid;
    }
}
