package dev.permalinker.ledger.aws;

import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.LedgerUnavailableException;
import dev.permalinker.ledger.LedgerUnavailableException.Reason;
import dev.permalinker.ledger.ScanScope;
import dev.permalinker.ledger.internal.LedgerFields;
import dev.permalinker.ledger.internal.LedgerStore;
import dev.permalinker.ledger.internal.RawRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The ledger's rows in one DynamoDB table ({@link LedgerTable}): strongly consistent GetItem and BatchGetItem, and
 * PutItem on a condition on the row's revision (optimistic locking).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
 */
final class DynamoDbLedgerStore implements LedgerStore {
    /**
     * BatchGetItem takes at most 100 keys.
     * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
     */
    static final int BATCH_LIMIT = 100;
    /**
     * Keys BatchGetItem leaves unprocessed (it does so under throttling) are asked for again this many times, then
     * the read is reported throttled: the SDK's own retries have already backed off by then.
     */
    static final int UNPROCESSED_ROUNDS = 3;
    private static final String SEPARATOR = "#";
    private static final int MAX_DETAIL = 200;

    private final String table;
    private final DynamoDbClient client;

    DynamoDbLedgerStore(String table, DynamoDbClient client) {
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("the ledger needs a DynamoDB table name");
        }
        this.table = table;
        this.client = Objects.requireNonNull(client, "client");
    }

    static String partitionKey(AssetKey key) {
        return LedgerTable.ASSET_KEY_PREFIX + key.apiKey() + SEPARATOR + key.branch() + SEPARATOR + key.assetUid();
    }

    static String partitionKey(ScanScope scope) {
        return LedgerTable.CHECKPOINT_KEY_PREFIX + scope.apiKey() + SEPARATOR + scope.branch();
    }

    @Override
    public RawRow readAsset(AssetKey key) throws LedgerUnavailableException {
        return get(partitionKey(key), LedgerFields.ASSET);
    }

    @Override
    public Map<AssetKey, RawRow> readAssets(Collection<AssetKey> keys) throws LedgerUnavailableException {
        Map<String, AssetKey> byPartitionKey = new LinkedHashMap<>();
        keys.forEach(key -> byPartitionKey.put(partitionKey(key), key));
        List<String> all = new ArrayList<>(byPartitionKey.keySet());
        Map<AssetKey, RawRow> rows = new HashMap<>();
        for (int from = 0; from < all.size(); from += BATCH_LIMIT) {
            List<Map<String, AttributeValue>> pending = all.subList(from, Math.min(all.size(), from + BATCH_LIMIT))
                    .stream().map(DynamoDbLedgerStore::key).toList();
            for (int round = 0; !pending.isEmpty(); round++) {
                if (round > UNPROCESSED_ROUNDS) {
                    throw new LedgerUnavailableException(Reason.THROTTLED, "DynamoDB BatchGetItem on table " + table
                            + " still left " + pending.size() + " keys unprocessed after " + round + " requests", null);
                }
                List<Map<String, AttributeValue>> ask = pending;
                BatchGetItemResponse response = call("BatchGetItem", () -> client.batchGetItem(request -> request
                        .requestItems(Map.of(table, KeysAndAttributes.builder().keys(ask).consistentRead(true)
                                .build()))));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    AttributeValue pk = item.get(LedgerTable.PARTITION_KEY);
                    AssetKey key = pk == null ? null : byPartitionKey.get(pk.s());
                    if (key != null) {
                        rows.put(key, raw(item, LedgerFields.ASSET));
                    }
                }
                KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
                pending = unprocessed == null ? List.of() : unprocessed.keys();
            }
        }
        return rows;
    }

    @Override
    public long writeAsset(AssetKey key, Map<String, String> fields, long expectedRevision)
            throws LedgerUnavailableException {
        Map<String, AttributeValue> item = identity(key.scope());
        item.put(LedgerTable.ASSET_UID_ATTRIBUTE, text(key.assetUid()));
        return put(partitionKey(key), item, fields, LedgerFields.ASSET, expectedRevision);
    }

    @Override
    public RawRow readCheckpoint(ScanScope scope) throws LedgerUnavailableException {
        return get(partitionKey(scope), LedgerFields.CHECKPOINT);
    }

    @Override
    public long writeCheckpoint(ScanScope scope, Map<String, String> fields, long expectedRevision)
            throws LedgerUnavailableException {
        return put(partitionKey(scope), identity(scope), fields, LedgerFields.CHECKPOINT, expectedRevision);
    }

    /** The client is its owner's: nothing to close here. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "dynamodb table " + table;
    }

    private RawRow get(String partitionKey, List<String> names) throws LedgerUnavailableException {
        Map<String, AttributeValue> item = call("GetItem", () -> client.getItem(request -> request.tableName(table)
                .key(key(partitionKey)).consistentRead(true))).item();
        return item == null || item.isEmpty() ? null : raw(item, names);
    }

    /** A PutItem of the whole row, if its revision is still {@code expected}. */
    private long put(String partitionKey, Map<String, AttributeValue> item, Map<String, String> fields,
                     List<String> names, long expected) throws LedgerUnavailableException {
        long revision = expected > 0 ? expected + 1 : 1;
        item.put(LedgerTable.PARTITION_KEY, text(partitionKey));
        item.put(LedgerTable.REVISION_ATTRIBUTE, number(revision));
        fields.forEach((name, value) -> {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("not a field of this row: " + name);
            }
            item.put(name, LedgerFields.NUMBERS.contains(name) ? number(Long.parseLong(value)) : text(value));
        });
        PutItemRequest.Builder request = PutItemRequest.builder().tableName(table).item(item);
        if (expected == NO_ROW) {
            request.conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", LedgerTable.PARTITION_KEY));
        } else if (expected == UNREADABLE_REVISION) {
            request.conditionExpression("attribute_exists(#pk) AND (attribute_not_exists(#rev) "
                    + "OR NOT attribute_type(#rev, :number))")
                    .expressionAttributeNames(Map.of("#pk", LedgerTable.PARTITION_KEY,
                            "#rev", LedgerTable.REVISION_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":number", text("N")));
        } else {
            request.conditionExpression("#rev = :expected")
                    .expressionAttributeNames(Map.of("#rev", LedgerTable.REVISION_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":expected", number(expected)));
        }
        PutItemRequest put = request.build();
        boolean written = call("PutItem", () -> {
            try {
                client.putItem(put);
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
        return written ? revision : NO_ROW;
    }

    /** The fields of {@code names} as text; a field of the wrong type damages the row. */
    private static RawRow raw(Map<String, AttributeValue> item, List<String> names) {
        Map<String, String> fields = new HashMap<>();
        String damage = null;
        for (String name : names) {
            AttributeValue value = item.get(name);
            if (value == null || value.type() == AttributeValue.Type.NUL) {
                continue;
            }
            boolean numeric = LedgerFields.NUMBERS.contains(name);
            AttributeValue.Type expected = numeric ? AttributeValue.Type.N : AttributeValue.Type.S;
            if (value.type() != expected) {
                damage = name + " is of type " + value.type() + ", not " + expected;
                continue;
            }
            fields.put(name, numeric ? value.n() : value.s());
        }
        AttributeValue revision = item.get(LedgerTable.REVISION_ATTRIBUTE);
        long parsed = UNREADABLE_REVISION;
        if (revision != null && revision.type() == AttributeValue.Type.N) {
            try {
                parsed = Long.parseLong(revision.n());
            } catch (NumberFormatException e) {
                parsed = UNREADABLE_REVISION;
            }
        }
        return new RawRow(fields, parsed > 0 ? parsed : UNREADABLE_REVISION, damage);
    }

    /** The stack and branch as attributes of their own, for people reading the table. */
    private static Map<String, AttributeValue> identity(ScanScope scope) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(LedgerTable.API_KEY_ATTRIBUTE, text(scope.apiKey()));
        item.put(LedgerTable.BRANCH_ATTRIBUTE, text(scope.branch()));
        return item;
    }

    private static Map<String, AttributeValue> key(String partitionKey) {
        return Map.of(LedgerTable.PARTITION_KEY, text(partitionKey));
    }

    private static AttributeValue text(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /**
     * Runs one DynamoDB call; every failure becomes a {@link LedgerUnavailableException}.
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
     */
    private <T> T call(String operation, Supplier<T> call) throws LedgerUnavailableException {
        try {
            return call.get();
        } catch (SdkServiceException e) {
            Reason reason = e.isThrottlingException() ? Reason.THROTTLED
                    : e instanceof ResourceNotFoundException || e.statusCode() < 500 ? Reason.MISCONFIGURED
                    : Reason.UNREACHABLE;
            throw new LedgerUnavailableException(reason, "DynamoDB " + operation + " on table " + table + " answered "
                    + e.statusCode() + ": " + detail(e), e);
        } catch (SdkException | IllegalStateException e) {
            // No answer: refused or reset connections, timeouts, a closed client.
            throw new LedgerUnavailableException(Reason.UNREACHABLE, "DynamoDB " + operation + " on table " + table
                    + " did not answer: " + detail(e), e);
        }
    }

    private static String detail(Exception e) {
        String message = String.valueOf(e.getMessage());
        return message.length() <= MAX_DETAIL ? message : message.substring(0, MAX_DETAIL) + "…";
    }
}
