package dev.permalinker.aws;

import dev.permalinker.model.JobPublisher;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;

/**
 * Sends jobs to the FIFO queue with the contract's group and deduplication ids.
 *
 * <p>FIFO deduplication drops a second send with the same id inside five minutes and still answers success, so a
 * webhook delivered twice becomes one job: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/using-messagededuplicationid-property.html
 *
 * <p>The body is written with {@link JsonCodec#writeQueueMessage}: a filename with a character SQS refuses
 * ({@code U+FFFF}, an unpaired surrogate) is escaped, so the job is queued and reads back unchanged.
 *
 * <p>A send SQS answers with a refusal of the message itself ({@code InvalidMessageContents}, or
 * {@code InvalidParameterValue}/{@code MessageTooLong} for a body past 256 KiB) is a
 * {@link PublishException#refusedJob() refused job}: sending it again fails the same way, while the next job may be
 * queued. Anything else (no answer, throttling, a missing queue, access denied) is the queue being unavailable.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html#API_SendMessage_Errors
 */
public final class SqsJobPublisher implements JobPublisher {
    /** The error codes with which SQS refuses one message's contents rather than every send. */
    static final Set<String> REFUSED_JOB_CODES = Set.of("InvalidMessageContents", "InvalidParameterValue",
            "MessageTooLong");

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
            // Only the exception's class is named: an SDK message can quote the request.
            String message = "SQS send failed: " + e.getClass().getSimpleName();
            throw refusesTheJob(e) ? PublishException.refusedJob(message + " (the queue refused this job)", e)
                    : new PublishException(message, e);
        }
    }

    static boolean refusesTheJob(SdkException e) {
        if (e instanceof InvalidMessageContentsException) {
            return true;
        }
        return e instanceof AwsServiceException service && service.statusCode() == 400
                && service.awsErrorDetails() != null
                && REFUSED_JOB_CODES.contains(service.awsErrorDetails().errorCode());
    }
}
