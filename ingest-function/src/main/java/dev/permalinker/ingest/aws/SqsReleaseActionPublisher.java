package dev.permalinker.ingest.aws;

import dev.permalinker.ingest.ReleaseActionPublisher;
import dev.permalinker.ingest.ReleaseActionPublisher.PublishException;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.ReleaseAction;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends release-action messages to the actions FIFO queue: group per release, the event's deduplication id. A title
 * or environment with a character SQS refuses is escaped in the body ({@link JsonCodec#writeQueueMessage}).
 */
public final class SqsReleaseActionPublisher implements ReleaseActionPublisher {
    private final SqsClient sqs;
    private final String queueUrl;
    private final JsonCodec json;

    public SqsReleaseActionPublisher(SqsClient sqs, String queueUrl, JsonCodec json) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.json = json;
    }

    @Override
    public void publish(ReleaseAction action, String deduplicationId) throws PublishException {
        try {
            sqs.sendMessage(r -> r.queueUrl(queueUrl)
                    .messageBody(json.writeQueueMessage(action))
                    .messageGroupId(action.messageGroupId())
                    .messageDeduplicationId(deduplicationId));
        } catch (SdkException e) {
            throw new PublishException("SQS send to the actions queue failed: " + e.getClass().getSimpleName(), e);
        }
    }
}
