package dev.permalinker.ledger.aws;

import java.util.List;

/**
 * The DynamoDB table's layout, as the CDK stack builds it and the store reads it: one table, one string partition
 * key, no sort key, TTL on {@link #TTL_ATTRIBUTE}. Constants only and no AWS import, so {@code infra-cdk} can read
 * them with the module's dependencies excluded (as it reads telemetry's {@code PipelineMetric}).
 *
 * <p>Items ({@code #} cannot occur in the parts: they match {@code [A-Za-z0-9_-]{1,64}}):
 * <ul>
 *   <li>an asset: {@code pk = asset#<apiKey>#<branch>#<assetUid>}; {@code apiKey}, {@code branch}, {@code assetUid}
 *       (S, for people reading the table); {@code state}, {@code queuedBy}, {@code failureCode},
 *       {@code permanentUrl}, {@code firstSeen}, {@code lastChange} (S; instants as ISO-8601); {@code attempts},
 *       {@code expiresAt} (N; epoch seconds); {@code rev} (N, the compare-and-set revision);</li>
 *   <li>a checkpoint: {@code pk = checkpoint#<apiKey>#<branch>}; {@code apiKey}, {@code branch}; {@code scan} (S,
 *       the checkpoint as JSON); {@code updatedAt} (S); {@code expiresAt} (N); {@code rev} (N).</li>
 * </ul>
 * Every access is by the whole key (GetItem, BatchGetItem, PutItem): no query, no scan, no index. A partition key per
 * asset spreads the load over partitions whatever a stack's size. Billing on demand: the pipeline's rate is bounded
 * by the CMA's (10 requests a second per organisation), far below a table's on-demand limits.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html
 */
public final class LedgerTable {
    /** The partition key (string): the table's only key attribute. */
    public static final String PARTITION_KEY = "pk";
    /** The TTL attribute (number, epoch seconds): to be enabled on the table. */
    public static final String TTL_ATTRIBUTE = "expiresAt";
    /** The compare-and-set revision (number). */
    public static final String REVISION_ATTRIBUTE = "rev";
    public static final String API_KEY_ATTRIBUTE = "apiKey";
    public static final String BRANCH_ATTRIBUTE = "branch";
    public static final String ASSET_UID_ATTRIBUTE = "assetUid";
    public static final String ASSET_KEY_PREFIX = "asset#";
    public static final String CHECKPOINT_KEY_PREFIX = "checkpoint#";

    /** What {@code find} and {@code checkpoint} call: the trace command needs only these. */
    public static final List<String> READ_ACTIONS = List.of("dynamodb:GetItem");
    /** What {@code findAll} calls (the reconciler), besides {@link #READ_ACTIONS}. */
    public static final List<String> BATCH_READ_ACTIONS = List.of("dynamodb:BatchGetItem");
    /**
     * What {@code markQueued}, {@code record} and {@code moveCheckpoint} call: the row is read, then put on a
     * condition (the worker, the reconciler, the redrive). Never UpdateItem, DeleteItem, Query or Scan.
     */
    public static final List<String> WRITE_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem");

    private LedgerTable() {
    }
}
