package dev.permalinker.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A cut through a stack's asset list ordered by {@code created_at}: the assets created before {@code createdAt}, and
 * those of {@code uids} created at it, lie on its older side; the rest on its newer side.
 *
 * <p>An instant alone cannot be a cut: {@code created_at} has millisecond precision, a bulk upload creates many
 * assets in one millisecond, and the CMA promises no order among them; nor is the asset list's offset, which moves
 * with every new asset. The uids at the instant make a cut exact whatever the order the pages give them in.
 *
 * @param uids at most {@link #MAX_UIDS}; a reconciler that meets more at one instant cuts just below it instead
 *             ({@link #below(Instant)}), which only means reading them again
 */
public record ScanPosition(Instant createdAt, Set<String> uids) {
    /** Keeps a checkpoint far below DynamoDB's 400 KB item limit (1,000 uids of 64 characters: 66 KB). */
    public static final int MAX_UIDS = 1000;

    public ScanPosition {
        Objects.requireNonNull(createdAt, "createdAt");
        uids = Set.copyOf(uids);
        if (uids.size() > MAX_UIDS) {
            throw new IllegalArgumentException("a position holds at most " + MAX_UIDS + " uids at its instant, was "
                    + uids.size());
        }
        uids.forEach(uid -> AssetKey.require("uid", uid));
    }

    /** The cut just below {@code createdAt}: every asset created at it lies on the newer side. */
    public static ScanPosition below(Instant createdAt) {
        return new ScanPosition(createdAt, Set.of());
    }

    /** The cut at {@code createdAt} with {@code uids} (the assets created at it seen so far) on the older side. */
    public static ScanPosition at(Instant createdAt, Set<String> uids) {
        return new ScanPosition(createdAt, uids);
    }

    /** Whether an asset created at {@code created} with {@code uid} lies on this cut's older side. */
    public boolean hasOnOlderSide(Instant created, String uid) {
        return created.isBefore(createdAt) || created.equals(createdAt) && uids.contains(uid);
    }

    /** Whether this cut lies at or above {@code other}: everything on its older side is on this one's too. */
    public boolean isAtOrAbove(ScanPosition other) {
        return createdAt.isAfter(other.createdAt) || createdAt.equals(other.createdAt) && uids.containsAll(other.uids);
    }

    /** The uids in a stable order (for storage and comparison). */
    public Set<String> sortedUids() {
        return new TreeSet<>(uids);
    }
}
