package dev.permalinker.ledger.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.AssetLedger;
import dev.permalinker.ledger.AssetLedgerContract;
import dev.permalinker.ledger.AssetLookup;
import dev.permalinker.ledger.AssetState;
import dev.permalinker.ledger.LedgerUnavailableException;
import dev.permalinker.ledger.MutableClock;
import dev.permalinker.ledger.QueueSource;
import dev.permalinker.ledger.RawRows;
import dev.permalinker.ledger.ScanCheckpoint;
import dev.permalinker.ledger.ScanScope;
import dev.permalinker.ledger.Settlement;
import dev.permalinker.ledger.StoredCheckpoint;
import dev.permalinker.testsupport.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The contract on DynamoDB (moto_server, through the SDK's own client: a missing moto_server fails the build), each
 * test on a table of its own, the ledger's calls sent {@linkplain OneAtATime one at a time}; and what only DynamoDB
 * has: attribute types, the item layout the CDK table is built for, a missing table.
 */
class DynamoDbLedgerIT extends AssetLedgerContract {
    private static DynamoDbClient client;
    private final List<AutoCloseable> outages = new ArrayList<>();
    private String table;

    @BeforeAll
    static void connect() {
        client = MotoTables.client(MotoServer.shared().endpoint());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @AfterEach
    void closeOutages() throws Exception {
        for (AutoCloseable outage : outages) {
            outage.close();
        }
    }

    @Override
    protected AssetLedger open(MutableClock clock, Duration retention) {
        table = MotoTables.create(client);
        return DynamoDbLedger.create(table, new OneAtATime(client), retention, clock, JSON);
    }

    @Override
    protected RawRows rawRows() {
        return new MotoRows(client, table);
    }

    @Override
    protected AssetLedger openUnavailable(MutableClock clock, Duration retention) {
        MotoServer own = MotoServer.start();
        DynamoDbClient ownClient = MotoTables.client(own.endpoint());
        outages.add(ownClient);
        String ownTable = MotoTables.create(ownClient);
        AssetLedger down = DynamoDbLedger.create(ownTable, ownClient, retention, clock, JSON);
        own.close();
        return down;
    }

    @Test
    void record_item_hasTheLayoutTheTableIsBuiltFor() throws Exception {
        AssetKey key = newKey();
        ScanScope scope = newScope();

        ledger.record(key, Settlement.written("https://images.contentstack.io/v3/assets/blt1/blt2/a.png", 1));
        ledger.moveCheckpoint(ledger.checkpoint(scope), new ScanCheckpoint(null, null, START));

        Map<String, Object> asset = rawRows().readAsset(key);
        assertThat(asset).containsEntry(LedgerTable.PARTITION_KEY, "asset#" + key.apiKey() + "#main#"
                        + key.assetUid())
                .containsEntry(LedgerTable.API_KEY_ATTRIBUTE, key.apiKey())
                .containsEntry(LedgerTable.BRANCH_ATTRIBUTE, "main")
                .containsEntry(LedgerTable.ASSET_UID_ATTRIBUTE, key.assetUid())
                .containsEntry(LedgerTable.REVISION_ATTRIBUTE, 1L)
                .containsEntry(LedgerTable.TTL_ATTRIBUTE, START.plus(RETENTION).getEpochSecond() + 1)
                .containsEntry("firstSeen", START.toString())
                .doesNotContainKeys("queuedBy", "failureCode");
        assertThat(rawRows().readCheckpoint(scope)).containsEntry(LedgerTable.PARTITION_KEY, "checkpoint#"
                + scope.apiKey() + "#main").containsKey("scan").containsEntry(LedgerTable.REVISION_ATTRIBUTE, 1L);
    }

    @Test
    void find_attributesOfTheWrongType_areUnreadable_andAnOutcomeWithTheUrlReplacesThem() throws Exception {
        AssetKey textAttempts = newKey();
        Map<String, Object> fields = new LinkedHashMap<>(damagedRow("written"));
        rawRows().writeAsset(textAttempts, fields);
        client.updateItem(request -> request.tableName(table)
                .key(Map.of(LedgerTable.PARTITION_KEY, AttributeValue.fromS(
                        DynamoDbLedgerStore.partitionKey(textAttempts))))
                .updateExpression("SET attempts = :text").expressionAttributeValues(Map.of(":text",
                        AttributeValue.fromS("1"))));
        AssetKey textRevision = newKey();
        rawRows().writeAsset(textRevision, damagedRow("written"));
        client.updateItem(request -> request.tableName(table)
                .key(Map.of(LedgerTable.PARTITION_KEY, AttributeValue.fromS(
                        DynamoDbLedgerStore.partitionKey(textRevision))))
                .updateExpression("SET rev = :text").expressionAttributeValues(Map.of(":text",
                        AttributeValue.fromS("one"))));

        assertThat(ledger.find(textAttempts)).isInstanceOf(AssetLookup.Unreadable.class);
        assertThat(ledger.find(textRevision)).isInstanceOf(AssetLookup.Unreadable.class);
        assertThat(ledger.markQueued(textRevision, QueueSource.RECONCILER).applied()).isFalse();
        assertThat(ledger.record(textRevision, Settlement.alreadySet("https://assets.contentstack.io/x", 1))
                .applied()).isTrue();
        assertThat(ledger.find(textRevision).found().orElseThrow().state()).isEqualTo(AssetState.ALREADY_SET);
        assertThat(rawRows().readAsset(textRevision)).containsEntry(LedgerTable.REVISION_ATTRIBUTE, 1L);
    }

    @Test
    void anyCall_onATableThatDoesNotExist_isMisconfigured() {
        AssetLedger nowhere = DynamoDbLedger.create("ledger-that-was-never-created", client, RETENTION, clock, JSON);

        assertThatThrownBy(() -> nowhere.find(newKey())).isInstanceOfSatisfying(LedgerUnavailableException.class,
                e -> assertThat(e.reason()).isEqualTo(LedgerUnavailableException.Reason.MISCONFIGURED));
        assertThatThrownBy(() -> nowhere.checkpoint(newScope())).isInstanceOf(LedgerUnavailableException.class)
                .hasMessageContaining("ledger-that-was-never-created");
    }

    @Test
    void checkpoint_ofAnotherStack_isItsOwn() throws Exception {
        ScanScope one = newScope();
        ScanScope other = newScope();

        ledger.moveCheckpoint(ledger.checkpoint(one), new ScanCheckpoint(null, null, START));

        assertThat(ledger.checkpoint(other)).isEqualTo(StoredCheckpoint.none(other));
        assertThat(ledger.checkpoint(new ScanScope(one.apiKey(), "develop")).present()).isFalse();
    }

    @Test
    void toString_namesTheTable() {
        assertThat(ledger.toString()).isEqualTo("AssetLedger[dynamodb table " + table + ", retention "
                + RETENTION + "]");
    }
}
