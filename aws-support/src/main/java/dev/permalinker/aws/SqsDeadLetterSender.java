package dev.permalinker.aws;

import dev.permalinker.model.FailureAttributes;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.QueueText;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends a failed message to a FIFO dead-letter queue with its reason in the {@link FailureAttributes} message
 * attributes, keeping the body as it was so a redrive needs no rewriting. The deduplication id derives from the
 * source message id: a retried dead-lettering of the same delivery does not make a second DLQ entry. Every string
 * attribute holds only characters SQS takes ({@link QueueText#replaceRefused}: a refused one becomes {@code U+FFFD}).
 */
public final class SqsDeadLetterSender {
    /** SQS allows 256 KiB in all; the detail is for humans, keep it short. */
    static final int MAX_DETAIL = 1_000;

    private final SqsClient sqs;
    private final String dlqUrl;
    private final Clock clock;

    public SqsDeadLetterSender(SqsClient sqs, String dlqUrl, Clock clock) {
        this.sqs = sqs;
        this.dlqUrl = dlqUrl;
        this.clock = clock;
    }

    /**
     * One {@code SendMessage} to the DLQ, in the source message's group.
     *
     * @throws SdkException when SQS refuses the send or cannot be reached; the caller names what failed
     */
    public void send(String body, String groupId, String sourceMessageId, FailureCode code, String detail,
                     int attempts) {
        String shortDetail = QueueText.cut(detail, MAX_DETAIL);
        sqs.sendMessage(r -> r.queueUrl(dlqUrl)
                .messageBody(body)
                .messageGroupId(groupId)
                .messageDeduplicationId(PermalinkJob.sha256Hex("dlq:" + sourceMessageId))
                .messageAttributes(Map.of(
                        FailureAttributes.CODE, text(code.wire()),
                        FailureAttributes.DETAIL, text(shortDetail.isEmpty() ? "-" : shortDetail),
                        FailureAttributes.ATTEMPTS, MessageAttributeValue.builder().dataType("Number")
                                .stringValue(Integer.toString(attempts)).build(),
                        FailureAttributes.AT, text(clock.instant().toString()),
                        FailureAttributes.SOURCE_MESSAGE_ID, text(sourceMessageId))));
    }

    /**
     * A string attribute holding only characters SQS takes: the detail quotes what failed (a CMA's error text, a
     * release's title), which may hold any character, and one refused character would lose the whole dead letter.
     */
    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(QueueText.replaceRefused(value)).build();
    }
}
