package dev.permalinker.ledger.internal;

import java.util.List;
import java.util.Set;

/**
 * The names of a row's fields, the same in both stores: DynamoDB attributes, H2 columns. Values cross the store
 * interface as text; the stores keep {@link #NUMBERS} as numbers.
 */
public final class LedgerFields {
    public static final String STATE = "state";
    public static final String QUEUED_BY = "queuedBy";
    public static final String FAILURE_CODE = "failureCode";
    public static final String PERMANENT_URL = "permanentUrl";
    public static final String ATTEMPTS = "attempts";
    public static final String FIRST_SEEN = "firstSeen";
    public static final String LAST_CHANGE = "lastChange";
    /**
     * Epoch seconds: DynamoDB's TTL attribute.
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html
     */
    public static final String EXPIRES_AT = "expiresAt";
    /** A checkpoint row's value: the {@code ScanCheckpoint} as JSON. */
    public static final String SCAN = "scan";
    public static final String UPDATED_AT = "updatedAt";

    /** An asset row's fields, in the order the stores keep them. */
    public static final List<String> ASSET = List.of(STATE, QUEUED_BY, FAILURE_CODE, PERMANENT_URL, ATTEMPTS,
            FIRST_SEEN, LAST_CHANGE, EXPIRES_AT);
    /** A checkpoint row's fields. */
    public static final List<String> CHECKPOINT = List.of(SCAN, UPDATED_AT, EXPIRES_AT);
    /** Fields kept as numbers. */
    public static final Set<String> NUMBERS = Set.of(ATTEMPTS, EXPIRES_AT);

    private LedgerFields() {
    }
}
