package dev.permalinker.ledger;

import dev.permalinker.model.FailureCode;
import java.time.Instant;
import java.util.Objects;

/**
 * One asset's row: what the pipeline last knew of it.
 *
 * @param key          the asset
 * @param state        where it stands
 * @param queuedBy     who last queued its job; {@code null} when no one recorded a queueing (the worker recorded an
 *                     outcome first: its job came from a webhook). Kept through the later states, for the story
 * @param failure      why its job was dead-lettered; only with {@link AssetState#DEAD_LETTERED}
 * @param permanentUrl the URL it has: required with {@link AssetState#WRITTEN} and {@link AssetState#ALREADY_SET},
 *                     kept when it is deleted afterwards, otherwise {@code null}
 * @param attempts     CMA calls spent on it over its whole life, as the recorded outcomes told them
 * @param firstSeen    when the ledger first heard of it
 * @param lastChange   its last recorded change
 * @param expiresAt    when the row expires ({@code lastChange} plus the ledger's retention, whole seconds): the
 *                     DynamoDB TTL; a row past it reads as absent in both stores
 */
public record AssetEntry(AssetKey key, AssetState state, QueueSource queuedBy, FailureCode failure,
                         String permanentUrl, int attempts, Instant firstSeen, Instant lastChange,
                         Instant expiresAt) {

    public AssetEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastChange, "lastChange");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (state == AssetState.QUEUED && queuedBy == null) {
            throw new IllegalArgumentException("a queued asset names who queued it");
        }
        if (state == AssetState.DEAD_LETTERED && failure == null) {
            throw new IllegalArgumentException("a dead-lettered asset names its failure code");
        }
        if (state != AssetState.DEAD_LETTERED && failure != null) {
            throw new IllegalArgumentException("only a dead-lettered asset has a failure code, not a "
                    + state.wire() + " one");
        }
        if (state.hasPermanentUrl() && (permanentUrl == null || permanentUrl.isBlank())) {
            throw new IllegalArgumentException("a " + state.wire() + " asset has its permanent URL");
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts cannot be negative, was " + attempts);
        }
        if (expiresAt.getNano() != 0) {
            throw new IllegalArgumentException("the expiry is whole seconds (a TTL), was " + expiresAt);
        }
    }

    /** Whether the row has outlived its expiry at {@code now}: it then counts as absent. */
    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
