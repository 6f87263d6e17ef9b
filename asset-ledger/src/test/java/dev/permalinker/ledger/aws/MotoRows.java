package dev.permalinker.ledger.aws;

import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.RawRows;
import dev.permalinker.ledger.ScanScope;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The ledger's items reached through the raw client: {@code String} values as S, numbers as N. */
final class MotoRows implements RawRows {
    private final DynamoDbClient client;
    private final String table;

    MotoRows(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public void writeAsset(AssetKey key, Map<String, Object> fields) {
        put(DynamoDbLedgerStore.partitionKey(key), fields);
    }

    @Override
    public Map<String, Object> readAsset(AssetKey key) {
        return get(DynamoDbLedgerStore.partitionKey(key));
    }

    @Override
    public void writeCheckpoint(ScanScope scope, Map<String, Object> fields) {
        put(DynamoDbLedgerStore.partitionKey(scope), fields);
    }

    @Override
    public Map<String, Object> readCheckpoint(ScanScope scope) {
        return get(DynamoDbLedgerStore.partitionKey(scope));
    }

    private void put(String partitionKey, Map<String, Object> fields) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LedgerTable.PARTITION_KEY, AttributeValue.fromS(partitionKey));
        fields.forEach((name, value) -> item.put(name, value instanceof String text ? AttributeValue.fromS(text)
                : AttributeValue.fromN(value.toString())));
        client.putItem(request -> request.tableName(table).item(item));
    }

    private Map<String, Object> get(String partitionKey) {
        Map<String, AttributeValue> item = client.getItem(request -> request.tableName(table).consistentRead(true)
                .key(Map.of(LedgerTable.PARTITION_KEY, AttributeValue.fromS(partitionKey)))).item();
        Map<String, Object> raw = new HashMap<>();
        item.forEach((name, value) -> raw.put(name, value.type() == AttributeValue.Type.N ? Long.valueOf(value.n())
                : value.type() == AttributeValue.Type.S ? value.s() : value));
        return raw;
    }
}
