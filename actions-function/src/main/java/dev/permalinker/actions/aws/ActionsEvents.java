package dev.permalinker.actions.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.permalinker.actions.ActionMessage;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Lambda SQS event (with each record's receipt handle, which {@code ChangeMessageVisibility} needs) and the
 * partial batch response, read and written with the project's JSON codec. Shapes:
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 */
public final class ActionsEvents {
    /** FIFO message group; Lambda puts it in each record's {@code attributes}. */
    public static final String MESSAGE_GROUP_ID = "MessageGroupId";

    private final JsonCodec json;

    public ActionsEvents(JsonCodec json) {
        this.json = json;
    }

    public List<ActionMessage> messages(byte[] event) throws IOException {
        JsonNode records = json.readTree(event).path("Records");
        List<ActionMessage> messages = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            String messageId = record.path("messageId").asText();
            messages.add(new ActionMessage(messageId, record.path("receiptHandle").asText(),
                    record.path("attributes").path(MESSAGE_GROUP_ID).asText(messageId),
                    record.path("body").asText()));
        }
        return messages;
    }

    /** {@code {"batchItemFailures":[{"itemIdentifier":…}]}}: the messages the queue keeps. */
    public byte[] batchResponse(List<String> keptMessageIds) {
        ObjectNode response = json.mapper().createObjectNode();
        ArrayNode failures = response.putArray("batchItemFailures");
        keptMessageIds.forEach(id -> failures.addObject().put("itemIdentifier", id));
        return json.writeBytes(response);
    }
}
