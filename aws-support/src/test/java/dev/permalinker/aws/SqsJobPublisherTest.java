package dev.permalinker.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.permalinker.model.JobPublisher.PublishException;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

class SqsJobPublisherTest {
    private static final PermalinkJob JOB = new PermalinkJob(PermalinkJob.VERSION, "bltstack", "main", "bltasset",
            "secret-looking name.png", "https://images.contentstack.io/v3/assets/bltstack/bltasset/1/a.png",
            "image/png", "2026-01-02T03:04:05Z", "2026-01-02T03:04:06Z");

    /** Answers every send with the given exception. */
    private static SqsClient failing(SdkException failure) {
        return new SqsClient() {
            @Override
            public SendMessageResponse sendMessage(SendMessageRequest request) {
                throw failure;
            }

            @Override
            public String serviceName() {
                return "sqs";
            }

            @Override
            public void close() {
            }
        };
    }

    private static PublishException publish(SdkException failure) {
        return catchThrowableOfType(PublishException.class, () -> new SqsJobPublisher(failing(failure),
                "https://sqs/jobs.fifo", JsonCodec.create()).publish(JOB));
    }

    private static SqsException service(int status, String code) {
        return (SqsException) SqsException.builder().statusCode(status).message("Reason: " + JOB.filename())
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("quoted " + JOB.filename())
                        .build()).build();
    }

    @Test
    void publish_sqsRefusesTheMessage_refusedJobNamingOnlyTheExceptionClass() {
        PublishException contents = publish(InvalidMessageContentsException.builder().statusCode(400)
                .message("Invalid characters found in " + JOB.filename()).build());
        PublishException tooLong = publish(service(400, "InvalidParameterValue"));

        assertThat(contents.refusedJob()).isTrue();
        assertThat(tooLong.refusedJob()).isTrue();
        assertThat(contents.getMessage())
                .isEqualTo("SQS send failed: InvalidMessageContentsException (the queue refused this job)");
        assertThat(tooLong.getMessage()).doesNotContain(JOB.filename());
    }

    @Test
    void publish_queueUnavailable_notARefusedJob() {
        assertThat(publish(SdkClientException.create("Unable to execute HTTP request")).refusedJob()).isFalse();
        assertThat(publish(service(400, "AWS.SimpleQueueService.NonExistentQueue")).refusedJob()).isFalse();
        assertThat(publish(service(400, "ThrottlingException")).refusedJob()).isFalse();
        assertThat(publish(service(403, "AccessDenied")).refusedJob()).isFalse();
        assertThat(publish(service(500, "InternalError")).refusedJob()).isFalse();
    }
}
