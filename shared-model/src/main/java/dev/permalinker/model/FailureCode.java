package dev.permalinker.model;

import java.util.Locale;

/** Why a job ended in the dead-letter queue; {@link #wire()} is the stable value of {@code failure.code}. */
public enum FailureCode {
    /** The CMA answered 404 for the asset: it was deleted before its URL could be set. */
    ASSET_DELETED,
    /** The CMA refused our credentials (401, 403, 412): fix the token or API key, then redrive. */
    UNAUTHORIZED,
    /** The CMA refused the write for another reason and the asset has no permanent URL. */
    REJECTED,
    /** The message body is not a job this worker understands. */
    INVALID_JOB,
    /** Reached the DLQ through the queue's redrive policy ({@code maxReceiveCount}), not through the worker. */
    MAX_RECEIVES,
    /** A release action's target (build hook, event bus) failed on every attempt: fix the target, then redrive. */
    HOOK_FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FailureCode fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
