package dev.permalinker.ledger.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.LedgerUnavailableException;
import dev.permalinker.ledger.LedgerUnavailableException.Reason;
import dev.permalinker.ledger.internal.RawRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** How the DynamoDB store reads DynamoDB's failures and partial answers, against a client that answers as told. */
class DynamoDbLedgerStoreTest {
    private static final String TABLE = "ledger";

    /** A DynamoDB client whose GetItem fails as given and whose BatchGetItem answers through a function. */
    private static final class ScriptedClient implements DynamoDbClient {
        private final Supplier<SdkException> getFailure;
        private final Function<BatchGetItemRequest, BatchGetItemResponse> batch;
        private final List<BatchGetItemRequest> batches = new ArrayList<>();

        ScriptedClient(Supplier<SdkException> getFailure, Function<BatchGetItemRequest, BatchGetItemResponse> batch) {
            this.getFailure = getFailure;
            this.batch = batch;
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            throw getFailure.get();
        }

        @Override
        public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
            batches.add(request);
            return batch.apply(request);
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    private static DynamoDbException error(int status, String code) {
        return (DynamoDbException) DynamoDbException.builder().statusCode(status).message(code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    private static Reason reasonOf(SdkException failure) {
        DynamoDbLedgerStore store = new DynamoDbLedgerStore(TABLE, new ScriptedClient(() -> failure, null));
        try {
            store.readAsset(new AssetKey("blt1", "main", "blt2"));
        } catch (LedgerUnavailableException e) {
            assertThat(e).hasMessageContaining("table " + TABLE);
            return e.reason();
        }
        throw new AssertionError("no failure");
    }

    @Test
    void readAsset_dynamoDbFailures_becomeOneExceptionWithTheirReason() {
        assertThat(reasonOf(ProvisionedThroughputExceededException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                        .build()).build())).isEqualTo(Reason.THROTTLED);
        assertThat(reasonOf(error(400, "ThrottlingException"))).isEqualTo(Reason.THROTTLED);
        assertThat(reasonOf(ResourceNotFoundException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build()).build()))
                .isEqualTo(Reason.MISCONFIGURED);
        assertThat(reasonOf(error(400, "AccessDeniedException"))).isEqualTo(Reason.MISCONFIGURED);
        assertThat(reasonOf(error(500, "InternalServerError"))).isEqualTo(Reason.UNREACHABLE);
        assertThat(reasonOf(SdkClientException.create("Unable to execute HTTP request: Connection refused")))
                .isEqualTo(Reason.UNREACHABLE);
    }

    @Test
    void readAssets_manyKeys_askForAtMostAHundredAtATime_andAskAgainForUnprocessedOnes() throws Exception {
        List<AssetKey> keys = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            keys.add(new AssetKey("blt1", "main", "blt" + i));
        }
        boolean[] halfLeftOver = {true};
        ScriptedClient client = new ScriptedClient(null, request -> {
            List<Map<String, AttributeValue>> asked = request.requestItems().get(TABLE).keys();
            assertThat(request.requestItems().get(TABLE).consistentRead()).isTrue();
            int answered = halfLeftOver[0] ? asked.size() / 2 : asked.size();
            halfLeftOver[0] = !halfLeftOver[0];
            List<Map<String, AttributeValue>> items = asked.subList(0, answered).stream().map(key -> Map.of(
                    LedgerTable.PARTITION_KEY, key.get(LedgerTable.PARTITION_KEY),
                    LedgerTable.REVISION_ATTRIBUTE, AttributeValue.fromN("1"),
                    "state", AttributeValue.fromS("written"))).toList();
            BatchGetItemResponse.Builder response = BatchGetItemResponse.builder().responses(Map.of(TABLE, items));
            if (answered < asked.size()) {
                response.unprocessedKeys(Map.of(TABLE, KeysAndAttributes.builder()
                        .keys(asked.subList(answered, asked.size())).build()));
            }
            return response.build();
        });

        Map<AssetKey, RawRow> rows = new DynamoDbLedgerStore(TABLE, client).readAssets(keys);

        assertThat(rows).hasSize(250);
        assertThat(rows.get(keys.get(249)).field("state")).isEqualTo("written");
        assertThat(client.batches).hasSize(6).allSatisfy(request ->
                assertThat(request.requestItems().get(TABLE).keys()).hasSizeLessThanOrEqualTo(100));
    }

    @Test
    void readAssets_keysLeftUnprocessedRoundAfterRound_areReportedThrottled() {
        ScriptedClient client = new ScriptedClient(null, request -> BatchGetItemResponse.builder()
                .responses(Map.of()).unprocessedKeys(request.requestItems()).build());

        assertThatThrownBy(() -> new DynamoDbLedgerStore(TABLE, client).readAssets(
                List.of(new AssetKey("blt1", "main", "blt2"))))
                .isInstanceOfSatisfying(LedgerUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.THROTTLED))
                .hasMessageContaining("1 keys unprocessed after " + (1 + DynamoDbLedgerStore.UNPROCESSED_ROUNDS)
                        + " requests");
        assertThat(client.batches).hasSize(1 + DynamoDbLedgerStore.UNPROCESSED_ROUNDS);
    }
}
