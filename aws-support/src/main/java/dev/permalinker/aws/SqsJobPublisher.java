package dev.permalinker.aws;

import dev.permalinker.model.JobPublisher;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends jobs to the FIFO queue with the contract's group and deduplication ids.
 *
 * <p>FIFO deduplication drops a second send with the same id inside five minutes and still answers success, so a
 * webhook delivered twice becomes one job: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/using-messagededuplicationid-property.html
 *
 * <p>The body is written with {@link JsonCodec#writeQueueMessage}: a filename with a character SQS refuses
 * ({@code U+FFFF}, an unpaired surrogate) is escaped, so the job is queued and reads back unchanged.
 */
public final class SqsJobPublisher implements JobPublisher {
    private final SqsClient sqs;
    private final String queueUrl;
    private final JsonCodec json;

    public SqsJobPublisher(SqsClient sqs, String queueUrl, JsonCodec json) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.json = json;
    }

    @Override
    public void publish(PermalinkJob job) throws PublishException {
        try {
            sqs.sendMessage(r -> r.queueUrl(queueUrl)
                    .messageBody(json.writeQueueMessage(job))
                    .messageGroupId(job.messageGroupId())
                    .messageDeduplicationId(job.deduplicationId()));
        } catch (SdkException e) {
            throw new PublishException("SQS send failed: " + e.getClass().getSimpleName(), e);
        }
    }
}
