package dev.permalinker.actions.aws;

import dev.permalinker.actions.ActionMessage;
import dev.permalinker.actions.ActionsQueue;
import dev.permalinker.model.FailureAttributes;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.ReleaseAction;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The actions queue and its DLQ over SQS: summaries and retries are sent to the queue, a message not yet due is
 * hidden with {@code ChangeMessageVisibility} (whole seconds, rounded up, at least one), dead letters keep their body
 * and carry the failure attributes the worker's do. ChangeMessageVisibility: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html
 */
public final class SqsActionsQueue implements ActionsQueue {
    private static final int MAX_DETAIL = 1_000;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String dlqUrl;
    private final JsonCodec json;
    private final Clock clock;

    public SqsActionsQueue(SqsClient sqs, String queueUrl, String dlqUrl, JsonCodec json, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.dlqUrl = dlqUrl;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void send(String groupId, String deduplicationId, ReleaseAction action) throws QueueException {
        try {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(json.write(action)).messageGroupId(groupId)
                    .messageDeduplicationId(deduplicationId));
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
        String shortDetail = detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
        try {
            sqs.sendMessage(r -> r.queueUrl(dlqUrl)
                    .messageBody(message.body())
                    .messageGroupId(message.groupId())
                    .messageDeduplicationId(PermalinkJob.sha256Hex("dlq:" + message.messageId()))
                    .messageAttributes(Map.of(
                            FailureAttributes.CODE, text(code.wire()),
                            FailureAttributes.DETAIL, text(shortDetail.isEmpty() ? "-" : shortDetail),
                            FailureAttributes.ATTEMPTS, MessageAttributeValue.builder().dataType("Number")
                                    .stringValue(Integer.toString(attempts)).build(),
                            FailureAttributes.AT, text(clock.instant().toString()),
                            FailureAttributes.SOURCE_MESSAGE_ID, text(message.messageId()))));
        } catch (SdkException e) {
            throw new QueueException("SQS send to the actions DLQ failed: " + e.getClass().getSimpleName(), e);
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
