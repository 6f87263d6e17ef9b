package dev.permalinker.ledger;

import java.util.Locale;

/**
 * The ledger could not answer: its store is throttled, unreachable, misconfigured, or the row was contended past
 * the retries. Nothing was changed that the caller can rely on. The one failure of every ledger operation: callers
 * fall back to the path they had before the ledger (the worker reads the CMA before it writes; the reconciler scans
 * as if it had no checkpoint, or skips its run) and log it once with {@link #reason()}; the message names no secret.
 */
public final class LedgerUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why; {@link #wire()} is the stable value for log lines and metric dimensions. */
    public enum Reason {
        /** The store refused for capacity (DynamoDB throttling): it passes. */
        THROTTLED,
        /** No answer: connection refused or reset, a timeout, a 5xx, a closed store. */
        UNREACHABLE,
        /** The store refused the request itself: no such table, access denied, a request it cannot take. */
        MISCONFIGURED,
        /** The row changed under every one of the write's compare-and-set attempts. */
        CONTENDED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public LedgerUnavailableException(Reason reason, String message, Throwable cause) {
        super(reason.wire() + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
