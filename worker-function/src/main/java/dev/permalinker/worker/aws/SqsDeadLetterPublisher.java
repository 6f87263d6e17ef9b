package dev.permalinker.worker.aws;

import dev.permalinker.aws.SqsDeadLetterSender;
import dev.permalinker.model.FailureCode;
import dev.permalinker.worker.DeadLetterPublisher;
import dev.permalinker.worker.QueueMessage;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Sends a job to the FIFO dead-letter queue with its reason in message attributes, through
 * {@link SqsDeadLetterSender}: the body is kept as it was, and a retried dead-lettering of the same delivery does not
 * make a second DLQ entry.
 */
public final class SqsDeadLetterPublisher implements DeadLetterPublisher {
    private final SqsDeadLetterSender sender;

    public SqsDeadLetterPublisher(SqsDeadLetterSender sender) {
        this.sender = sender;
    }

    @Override
    public void deadLetter(QueueMessage message, FailureCode code, String detail, int attempts)
            throws DeadLetterException {
        try {
            sender.send(message.body(), message.groupId(), message.messageId(), code, detail, attempts);
        } catch (SdkException e) {
            throw new DeadLetterException("SQS send to the DLQ failed: " + e.getClass().getSimpleName(), e);
        }
    }
}
