package dev.permalinker.actions.aws;

import dev.permalinker.actions.ActionMessage;
import dev.permalinker.aws.SqsLambdaEvents;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Lambda SQS event as action messages (with each record's receipt handle, which {@code ChangeMessageVisibility}
 * needs) and the partial batch response: {@link SqsLambdaEvents}.
 */
public final class ActionsEvents {
    private final SqsLambdaEvents events;

    public ActionsEvents(JsonCodec json) {
        this.events = new SqsLambdaEvents(json);
    }

    public List<ActionMessage> messages(byte[] event) throws IOException {
        List<ActionMessage> messages = new ArrayList<>();
        for (SqsLambdaEvents.SqsRecord record : events.records(event)) {
            messages.add(new ActionMessage(record.messageId(), record.receiptHandle(), record.groupId(),
                    record.body()));
        }
        return messages;
    }

    /** {@code {"batchItemFailures":[{"itemIdentifier":…}]}}: the messages the queue keeps. */
    public byte[] batchResponse(List<String> keptMessageIds) {
        return events.batchResponse(keptMessageIds);
    }
}
