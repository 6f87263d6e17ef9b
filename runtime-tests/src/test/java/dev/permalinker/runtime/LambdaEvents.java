package dev.permalinker.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Events in the shapes AWS documents, filled in per test: API Gateway HTTP API payload 2.0 and SQS (FIFO) records.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#example-standard-queue-message-event
 */
final class LambdaEvents {
    private static final JsonCodec JSON = JsonCodec.create();

    /** One SQS record to deliver: message id, group, body. */
    record SqsRecord(String messageId, String groupId, String body) {
    }

    private LambdaEvents() {
    }

    static String httpApi(byte[] body, Map<String, String> headers, boolean base64) {
        ObjectNode event = (ObjectNode) fixture("http-api-v2.json");
        ObjectNode eventHeaders = (ObjectNode) event.get("headers");
        eventHeaders.put("content-length", Integer.toString(body.length));
        headers.forEach(eventHeaders::put);
        event.put("isBase64Encoded", base64);
        event.put("body", base64 ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8));
        return JSON.write(event);
    }

    static String sqs(List<SqsRecord> records) {
        ObjectNode event = JSON.mapper().createObjectNode();
        ArrayNode array = event.putArray("Records");
        java.math.BigInteger sequence = new java.math.BigInteger("18849496460467696128");
        for (SqsRecord record : records) {
            ObjectNode node = (ObjectNode) fixture("sqs-fifo-record.json");
            node.put("messageId", record.messageId());
            node.put("body", record.body());
            ObjectNode attributes = (ObjectNode) node.get("attributes");
            attributes.put("MessageGroupId", record.groupId());
            attributes.put("MessageDeduplicationId", record.messageId());
            attributes.put("SequenceNumber", sequence.toString());
            sequence = sequence.add(java.math.BigInteger.ONE);
            array.add(node);
        }
        return JSON.write(event);
    }

    /** AWS's documented EventBridge scheduled event ("Scheduled Event" from {@code aws.events}). */
    static String scheduled() {
        return JSON.write(fixture("scheduled-event.json"));
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode fixture(String name) {
        try (InputStream in = LambdaEvents.class.getResourceAsStream("/events/" + name)) {
            return JSON.readTree(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
