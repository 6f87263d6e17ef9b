package dev.permalinker.worker.aws;

import dev.permalinker.aws.SqsLambdaEvents;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.worker.QueueMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The Lambda SQS event as the worker's queue messages, and its partial batch response: {@link SqsLambdaEvents}. */
public final class SqsEvents {
    /** FIFO message group; Lambda puts it in each record's {@code attributes}. */
    public static final String MESSAGE_GROUP_ID = SqsLambdaEvents.MESSAGE_GROUP_ID;
    public static final String APPROXIMATE_RECEIVE_COUNT = SqsLambdaEvents.APPROXIMATE_RECEIVE_COUNT;

    private final SqsLambdaEvents events;

    public SqsEvents(JsonCodec json) {
        this.events = new SqsLambdaEvents(json);
    }

    /** The event's records as queue messages; a record without a group is its own group. */
    public List<QueueMessage> messages(byte[] event) throws IOException {
        List<QueueMessage> messages = new ArrayList<>();
        for (SqsLambdaEvents.SqsRecord record : events.records(event)) {
            messages.add(new QueueMessage(record.messageId(), record.body(), record.groupId(), record.receiveCount()));
        }
        return messages;
    }

    /** {@code {"batchItemFailures":[{"itemIdentifier":…}]}}: the messages the queue must deliver again. */
    public byte[] batchResponse(List<String> failedMessageIds) {
        return events.batchResponse(failedMessageIds);
    }
}
