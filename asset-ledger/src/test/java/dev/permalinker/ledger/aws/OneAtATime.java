package dev.permalinker.ledger.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * The ledger's DynamoDB calls sent one at a time. moto_server answers requests on threads of their own and checks a
 * condition and writes the item as two steps, so two concurrent conditional writes can both pass; DynamoDB applies
 * each conditional write to an item atomically. Sending them one at a time gives moto DynamoDB's order, so what the
 * concurrency tests exercise is the ledger's own compare-and-set (its conditions, its retries from a fresh read),
 * while the threads still interleave between a read and its write.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalUpdate
 */
final class OneAtATime implements DynamoDbClient {
    private final DynamoDbClient client;

    OneAtATime(DynamoDbClient client) {
        this.client = client;
    }

    @Override
    public synchronized GetItemResponse getItem(GetItemRequest request) {
        return client.getItem(request);
    }

    @Override
    public synchronized BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        return client.batchGetItem(request);
    }

    @Override
    public synchronized PutItemResponse putItem(PutItemRequest request) {
        return client.putItem(request);
    }

    @Override
    public String serviceName() {
        return client.serviceName();
    }

    @Override
    public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
        return client.serviceClientConfiguration();
    }

    /** The client is the test's: it closes it. */
    @Override
    public void close() {
    }
}
