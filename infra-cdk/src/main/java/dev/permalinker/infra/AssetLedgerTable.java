package dev.permalinker.infra;

import dev.permalinker.ledger.aws.LedgerTable;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/**
 * The asset ledger's DynamoDB table (module {@code asset-ledger}, {@link LedgerTable} gives its layout): one string
 * partition key, TTL on {@value LedgerTable#TTL_ATTRIBUTE}, billed on demand, encrypted with an AWS-owned key.
 * Context {@code permalinker:ledgerPointInTimeRecovery} ({@code false} by default) turns point-in-time recovery on.
 *
 * <p>Choices, each with its reason:
 * <ul>
 *   <li>On demand: the pipeline's rate is bounded by the CMA's (10 requests a second per organisation), idle most of
 *       the day and bursty on a bulk upload; provisioned capacity would be paid for while idle or throttle a burst.
 *       https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html</li>
 *   <li>AWS-owned key (DynamoDB's default encryption at rest): free and without a key policy to keep. The rows hold
 *       asset uids, public URLs and failure codes, nothing secret; the AWS-managed key ({@code aws/dynamodb}) would
 *       add KMS requests and CloudTrail entries but no access control (its policy cannot be changed).
 *       https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html</li>
 *   <li>Point-in-time recovery off by default: the ledger is the pipeline's memory, not its record. The URLs live
 *       in Contentstack and the jobs in SQS; a lost table costs one full-window reconciler scan and the worker's
 *       read-first path until rows are written again, never an asset. A restore creates a new table, which this stack
 *       would not use without a change. Turn it on when {@code trace}'s history matters more than its cost.
 *       https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html</li>
 *   <li>Removal policy DESTROY: for the same reason, a deleted stack leaves no table behind to be found and paid
 *       for.</li>
 * </ul>
 */
final class AssetLedgerTable {
    static final String PITR_CONTEXT_KEY = PermalinkerProps.PREFIX + "ledgerPointInTimeRecovery";
    /** What the worker calls: {@code find} (GetItem), {@code record} and {@code markQueued} (GetItem, PutItem). */
    static final List<String> WORKER_ACTIONS = union(LedgerTable.READ_ACTIONS, LedgerTable.WRITE_ACTIONS);
    /** What the reconciler calls: the worker's, and {@code findAll} (BatchGetItem) for a page of assets. */
    static final List<String> RECONCILER_ACTIONS = union(LedgerTable.READ_ACTIONS, LedgerTable.BATCH_READ_ACTIONS,
            LedgerTable.WRITE_ACTIONS);

    private AssetLedgerTable() {
    }

    /** The table; its name goes to the worker and the reconciler as {@code LEDGER_TABLE}. */
    static Table create(Construct scope) {
        boolean pointInTimeRecovery = pointInTimeRecovery(scope);
        Table table = Table.Builder.create(scope, "LedgerTable")
                .partitionKey(Attribute.builder().name(LedgerTable.PARTITION_KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(LedgerTable.TTL_ATTRIBUTE)
                .encryption(TableEncryption.DEFAULT)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(pointInTimeRecovery).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        if (!pointInTimeRecovery) {
            NagSuppressions.addResourceSuppressions(table, List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-DDB3")
                    .reason("The asset ledger is the pipeline's memory, not its record (URLs live in Contentstack, "
                            + "jobs in SQS): a lost table costs one full reconciler scan, never an asset. "
                            + PITR_CONTEXT_KEY + "=true turns point-in-time recovery on")
                    .build()));
        }
        return table;
    }

    /** Only {@code actions} on the table, nothing else: no index, no stream, no wildcard. */
    static void grant(IGrantable function, Table table, List<String> actions) {
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(function)
                .actions(actions)
                .resourceArns(List.of(table.getTableArn()))
                .build());
    }

    /** {@code permalinker:ledgerPointInTimeRecovery}: {@code true} or {@code false} (default), nothing else. */
    static boolean pointInTimeRecovery(Construct scope) {
        Object value = scope.getNode().tryGetContext(PITR_CONTEXT_KEY);
        String text = value == null ? "" : value.toString().trim();
        if (text.isEmpty() || text.equals("false")) {
            return false;
        }
        if (text.equals("true")) {
            return true;
        }
        throw new IllegalArgumentException("invalid context: " + PITR_CONTEXT_KEY + " must be true or false, was "
                + text);
    }

    @SafeVarargs
    private static List<String> union(List<String>... lists) {
        return Stream.of(lists).flatMap(List::stream).distinct().toList();
    }
}
