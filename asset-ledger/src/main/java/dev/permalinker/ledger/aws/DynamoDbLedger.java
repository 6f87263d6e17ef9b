package dev.permalinker.ledger.aws;

import dev.permalinker.ledger.AssetLedger;
import dev.permalinker.ledger.internal.StoreLedger;
import dev.permalinker.model.JsonCodec;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the ledger kept in a DynamoDB table ({@link LedgerTable}) for the functions and the operator CLI. */
public final class DynamoDbLedger {

    private DynamoDbLedger() {
    }

    /**
     * The ledger in {@code tableName}, through {@code client}.
     *
     * <p>The client is the caller's: built once per container on the URL-connection HTTP client (as aws-support's
     * {@code AwsClients} builds SQS's), closed by its owner. Give it a short call timeout (about 2 s, with an attempt
     * timeout of half that) and few retries: a ledger that does not answer in time is a fallback to the path without
     * it, not a reason to spend the invocation's budget waiting.
     *
     * @param retention a row's time to live after its last change ({@code LedgerConfig.retention()})
     */
    public static AssetLedger create(String tableName, DynamoDbClient client, Duration retention, Clock clock,
                                     JsonCodec json) {
        return new StoreLedger(new DynamoDbLedgerStore(tableName, client), retention, clock, json);
    }
}
