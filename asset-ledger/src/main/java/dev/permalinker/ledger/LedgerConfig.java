package dev.permalinker.ledger;

import dev.permalinker.model.EnvReader;
import java.time.Duration;
import java.util.Map;

/**
 * The ledger's settings, parsed once from the environment; every bad variable is reported together.
 *
 * @param tableName the DynamoDB table ({@code LEDGER_TABLE}, set by the CDK stack); {@code null} locally, where the
 *                  local runner keeps the ledger in its data directory or in memory
 * @param retention how long a row lives after its last change ({@code LEDGER_RETENTION}, default
 *                  {@link #DEFAULT_RETENTION}); longer than the reconciler's lookback
 */
public record LedgerConfig(String tableName, Duration retention) {
    /**
     * Fourteen days: the longest an SQS message (the asset's dead letter) can be kept, so a dead-lettered asset's
     * row lasts as long as its message can wait for the operator, and {@code trace} answers for two weeks; far
     * longer than the reconciler's lookback (a day), which it must exceed so the reconciler never meets an asset of
     * its window whose row has gone. The cost of keeping rows is storage only (about 300 bytes a row).
     * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
     */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(14);
    /** The reconciler's default lookback ({@code ReconcileConfig.DEFAULT_LOOKBACK}), when it is not configured. */
    static final Duration RECONCILER_DEFAULT_LOOKBACK = Duration.ofHours(24);

    public LedgerConfig {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("the retention must be positive, was " + retention);
        }
    }

    /**
     * Reads {@code LEDGER_TABLE} and {@code LEDGER_RETENTION}; the retention is checked against
     * {@code RECONCILE_LOOKBACK} (or the reconciler's default lookback when that is unset or unreadable: the
     * reconciler's own configuration reports a bad value).
     */
    public static LedgerConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        String table = reader.optional("LEDGER_TABLE").orElse(null);
        if (table != null && !table.matches("[A-Za-z0-9_.-]{3,255}")) {
            reader.problem("LEDGER_TABLE must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)");
        }
        Duration retention = reader.duration("LEDGER_RETENTION", DEFAULT_RETENTION);
        Duration lookback = new EnvReader(env).duration("RECONCILE_LOOKBACK", RECONCILER_DEFAULT_LOOKBACK);
        if (retention.compareTo(lookback) <= 0) {
            reader.problem("LEDGER_RETENTION (" + retention + ") must be longer than the reconciler's lookback ("
                    + lookback + "): a row must outlive the window in which the reconciler may meet its asset");
        }
        reader.throwIfProblems("ledger");
        return new LedgerConfig(table, retention);
    }
}
