package dev.permalinker.ledger.aws;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** DynamoDB on moto_server for the tests: the SDK's own client as the functions build it, and the ledger's table. */
final class MotoTables {

    private MotoTables() {
    }

    /** A client on the URL-connection HTTP client, as the functions build theirs; no retries (an outage is one). */
    static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(10)).build())
                .overrideConfiguration(override -> override.apiCallTimeout(Duration.ofSeconds(20))
                        .retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** A new table of the ledger's layout ({@link LedgerTable}) under a name of its own: on demand, TTL on. */
    static String create(DynamoDbClient client) {
        String name = "ledger-" + UUID.randomUUID();
        client.createTable(table -> table.tableName(name)
                .attributeDefinitions(attribute -> attribute.attributeName(LedgerTable.PARTITION_KEY)
                        .attributeType(ScalarAttributeType.S))
                .keySchema(key -> key.attributeName(LedgerTable.PARTITION_KEY).keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        client.updateTimeToLive(ttl -> ttl.tableName(name).timeToLiveSpecification(spec -> spec.enabled(true)
                .attributeName(LedgerTable.TTL_ATTRIBUTE)));
        return name;
    }
}
