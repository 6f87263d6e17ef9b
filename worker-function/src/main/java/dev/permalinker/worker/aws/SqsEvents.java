package dev.permalinker.worker.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.worker.QueueMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Lambda SQS event and its partial batch response, read and written with the project's own JSON codec.
 *
 * <p>Why not {@code aws-lambda-java-events}' {@code SQSEvent} through the runtime's serializer: for that type the
 * runtime's serialization library loads Joda-Time from the function's jar, and fails the whole batch without it
 * (measured here under AWS's runtime interface client); its reflection-based mapping also costs cold-start time.
 * Shapes: https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html and
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 */
public final class SqsEvents {
    /** FIFO message group; Lambda puts it in each record's {@code attributes}. */
    public static final String MESSAGE_GROUP_ID = "MessageGroupId";
    public static final String APPROXIMATE_RECEIVE_COUNT = "ApproximateReceiveCount";

    private final JsonCodec json;

    public SqsEvents(JsonCodec json) {
        this.json = json;
    }

    /** The event's records as queue messages; a record without a group is its own group. */
    public List<QueueMessage> messages(byte[] event) throws IOException {
        JsonNode records = json.readTree(event).path("Records");
        List<QueueMessage> messages = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            String messageId = record.path("messageId").asText();
            JsonNode attributes = record.path("attributes");
            messages.add(new QueueMessage(messageId, record.path("body").asText(),
                    attributes.path(MESSAGE_GROUP_ID).asText(messageId),
                    receiveCount(attributes.path(APPROXIMATE_RECEIVE_COUNT).asText("1"))));
        }
        return messages;
    }

    /** {@code {"batchItemFailures":[{"itemIdentifier":…}]}}: the messages the queue must deliver again. */
    public byte[] batchResponse(List<String> failedMessageIds) {
        ObjectNode response = json.mapper().createObjectNode();
        ArrayNode failures = response.putArray("batchItemFailures");
        failedMessageIds.forEach(id -> failures.addObject().put("itemIdentifier", id));
        return json.writeBytes(response);
    }

    private static int receiveCount(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
