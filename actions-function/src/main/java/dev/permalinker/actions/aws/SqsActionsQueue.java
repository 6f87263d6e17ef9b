package dev.permalinker.actions.aws;

import dev.permalinker.actions.ActionMessage;
import dev.permalinker.actions.ActionsQueue;
import dev.permalinker.aws.SqsDeadLetterSender;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.ReleaseAction;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The actions queue and its DLQ over SQS: summaries and retries are sent to the queue, a message not yet due is
 * hidden with {@code ChangeMessageVisibility} (whole seconds, rounded up, at least one), dead letters go through
 * {@link SqsDeadLetterSender}, as the worker's do. A title or environment with a character SQS refuses is escaped in
 * the body ({@link JsonCodec#writeQueueMessage}). ChangeMessageVisibility: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html
 */
public final class SqsActionsQueue implements ActionsQueue {
    private final SqsClient sqs;
    private final String queueUrl;
    private final SqsDeadLetterSender deadLetters;
    private final JsonCodec json;

    public SqsActionsQueue(SqsClient sqs, String queueUrl, SqsDeadLetterSender deadLetters, JsonCodec json) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.deadLetters = deadLetters;
        this.json = json;
    }

    @Override
    public void send(String groupId, String deduplicationId, ReleaseAction action) throws QueueException {
        try {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(json.writeQueueMessage(action))
                    .messageGroupId(groupId).messageDeduplicationId(deduplicationId));
        } catch (SdkException e) {
            throw new QueueException("SQS send to the actions queue failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void hold(ActionMessage message, Duration delay) throws QueueException {
        long millis = delay.toMillis();
        int seconds = (int) Math.max(1, Math.min(43_200, (millis + 999) / 1000));
        try {
            sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                    .visibilityTimeout(seconds));
        } catch (SdkException e) {
            throw new QueueException("ChangeMessageVisibility failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void deadLetter(ActionMessage message, FailureCode code, String detail, int attempts)
            throws QueueException {
        try {
            deadLetters.send(message.body(), message.groupId(), message.messageId(), code, detail, attempts);
        } catch (SdkException e) {
            throw new QueueException("SQS send to the actions DLQ failed: " + e.getClass().getSimpleName(), e);
        }
    }
}
