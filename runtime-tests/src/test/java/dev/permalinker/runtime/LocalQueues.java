package dev.permalinker.runtime;

import dev.permalinker.aws.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** FIFO queues on the embedded ElasticMQ for the runtime tests. */
final class LocalQueues {
    private LocalQueues() {
    }

    static SqsClient client(String endpoint) {
        return AwsClients.local(URI.create(endpoint)).sqs(Duration.ofSeconds(10));
    }

    static String createFifo(String endpoint, String name) {
        try (SqsClient sqs = client(endpoint)) {
            return sqs.createQueue(r -> r.queueName(name).attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")))
                    .queueUrl();
        }
    }
}
