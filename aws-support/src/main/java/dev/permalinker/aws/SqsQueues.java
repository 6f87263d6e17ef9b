package dev.permalinker.aws;

import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** What an operator or a test asks of a queue: how many messages wait and how many are in flight. */
public final class SqsQueues {
    private SqsQueues() {
    }

    /** Approximate counts, as SQS reports them. */
    public record Counts(int visible, int inFlight) {
        public int total() {
            return visible + inFlight;
        }
    }

    public static Counts counts(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return new Counts(Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
    }

    /** Visible plus in-flight messages. */
    public static int depth(SqsClient sqs, String queueUrl) {
        return counts(sqs, queueUrl).total();
    }

    /**
     * Messages waiting to be received ({@code ApproximateNumberOfMessages}), or empty when SQS did not answer: for a
     * caller that only adapts to a backlog and must go on without one.
     */
    public static OptionalLong waiting(SqsClient sqs, String queueUrl) {
        try {
            return OptionalLong.of(counts(sqs, queueUrl).visible());
        } catch (SdkException | NumberFormatException | NullPointerException e) {
            return OptionalLong.empty();
        }
    }
}
