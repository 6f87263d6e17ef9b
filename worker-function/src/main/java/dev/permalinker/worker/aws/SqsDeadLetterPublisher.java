package dev.permalinker.worker.aws;

import dev.permalinker.model.FailureAttributes;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.worker.DeadLetterPublisher;
import dev.permalinker.worker.QueueMessage;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends a job to the FIFO dead-letter queue with its reason in message attributes, keeping the body as it was so
 * a redrive needs no rewriting. The deduplication id derives from the source message id: a retried dead-lettering of
 * the same delivery does not make a second DLQ entry.
 */
public final class SqsDeadLetterPublisher implements DeadLetterPublisher {
    /** SQS allows 256 KiB in all; the detail is for humans, keep it short. */
    private static final int MAX_DETAIL = 1_000;

    private final SqsClient sqs;
    private final String dlqUrl;
    private final Clock clock;

    public SqsDeadLetterPublisher(SqsClient sqs, String dlqUrl, Clock clock) {
        this.sqs = sqs;
        this.dlqUrl = dlqUrl;
        this.clock = clock;
    }

    @Override
    public void deadLetter(QueueMessage message, FailureCode code, String detail, int attempts)
            throws DeadLetterException {
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
            throw new DeadLetterException("SQS send to the DLQ failed: " + e.getClass().getSimpleName(), e);
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
