package dev.permalinker.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The Lambda SQS event and its partial batch response, read and written with the project's own JSON codec, for
 * every function an SQS event source mapping invokes.
 *
 * <p>Why not {@code aws-lambda-java-events}' {@code SQSEvent} through the runtime's serializer: for that type the
 * runtime's serialization library loads Joda-Time from the function's jar, and fails the whole batch without it
 * (measured here under AWS's runtime interface client); its reflection-based mapping also costs cold-start time.
 * Shapes: https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html and
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 */
public final class SqsLambdaEvents {
    /** FIFO message group; Lambda puts it in each record's {@code attributes}. */
    public static final String MESSAGE_GROUP_ID = "MessageGroupId";
    public static final String APPROXIMATE_RECEIVE_COUNT = "ApproximateReceiveCount";

    /**
     * One record of the event.
     *
     * @param receiptHandle what {@code ChangeMessageVisibility} and {@code DeleteMessage} need
     * @param groupId       the FIFO message group; a record without one is its own group (its message id)
     * @param receiveCount  {@code ApproximateReceiveCount}, 1 when absent or unreadable
     */
    public record SqsRecord(String messageId, String receiptHandle, String body, String groupId, int receiveCount) {
    }

    private final JsonCodec json;

    public SqsLambdaEvents(JsonCodec json) {
        this.json = json;
    }

    /** The event's records, in order. */
    public List<SqsRecord> records(byte[] event) throws IOException {
        JsonNode records = json.readTree(event).path("Records");
        List<SqsRecord> result = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            String messageId = record.path("messageId").asText();
            JsonNode attributes = record.path("attributes");
            result.add(new SqsRecord(messageId, record.path("receiptHandle").asText(), record.path("body").asText(),
                    attributes.path(MESSAGE_GROUP_ID).asText(messageId),
                    receiveCount(attributes.path(APPROXIMATE_RECEIVE_COUNT).asText("1"))));
        }
        return result;
    }

    /**
     * The event Lambda's SQS event source makes of {@code messages} received from {@code queueUrl}: for the local
     * runner, which plays the event source, and for SnapStart priming, which replays a batch.
     */
    public byte[] event(String queueUrl, List<Message> messages) {
        ObjectNode event = json.mapper().createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            message.messageAttributes().forEach((name, value) -> messageAttributes.putObject(name)
                    .put("stringValue", value.stringValue()).put("dataType", value.dataType()));
            record.put("md5OfBody", message.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueUrl);
        }
        return json.writeBytes(event);
    }

    /** {@code {"batchItemFailures":[{"itemIdentifier":…}]}}: the messages the queue keeps and delivers again. */
    public byte[] batchResponse(List<String> messageIds) {
        ObjectNode response = json.mapper().createObjectNode();
        ArrayNode failures = response.putArray("batchItemFailures");
        messageIds.forEach(id -> failures.addObject().put("itemIdentifier", id));
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
