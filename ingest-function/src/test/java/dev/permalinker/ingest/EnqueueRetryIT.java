package dev.permalinker.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.SqsJobPublisher;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.testsupport.TestSqs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The enqueue retry against a real SQS (ElasticMQ through the AWS SDK): the first {@code SendMessage} is refused
 * (the queue is not there yet), the queue appears during the wait, and the webhook is answered 202, not 503.
 */
class EnqueueRetryIT {
    private static final String QUEUE = "permalinker-jobs.fifo";
    private final TestSqs server = TestSqs.start();
    private final SqsClient sqs = AwsClients.local(server.endpoint()).sqs(Duration.ofSeconds(2));
    private final List<Duration> waits = new ArrayList<>();

    @AfterEach
    void stop() {
        sqs.close();
        server.close();
    }

    private String createQueue() {
        return sqs.createQueue(r -> r.queueName(QUEUE).attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")))
                .queueUrl();
    }

    @Test
    void sendRefusedThenQueueAppears_202AfterTwoTries() {
        // A fresh client's first call pays the SDK's initialisation (over the 2 s call timeout on a loaded machine):
        // not what this test times, so it is paid here, without that timeout.
        sqs.listQueues(r -> r.overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(30))
                .apiCallAttemptTimeout(Duration.ofSeconds(30))));
        String queueUrl = server.endpoint() + "/000000000000/" + QUEUE;
        // The wait does real work here (it creates the queue), and a second try starts only if its 2 s still fit
        // after it: a budget with room for a slow first call and queue creation on a busy machine.
        RetryingJobPublisher publisher = new RetryingJobPublisher(new SqsJobPublisher(sqs, queueUrl,
                JsonCodec.create()), Duration.ofSeconds(10), Duration.ofSeconds(2), System::nanoTime, duration -> {
                    waits.add(duration);
                    createQueue();
                }, () -> 0.5);
        IngestService service = IngestService.create(IngestConfig.fromEnv(TestWebhooks.env()), JsonCodec.create(),
                publisher, TestWebhooks.CLOCK);

        IngestResult result = service.handle(TestWebhooks.signed(TestWebhooks.fixture()));

        assertThat(result.status()).isEqualTo(202);
        assertThat(waits).as("one wait: the second try succeeded").hasSize(1);
        assertThat(sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages()).singleElement()
                .satisfies(m -> assertThat(m.body()).contains(TestWebhooks.ASSET_UID));
    }
}
