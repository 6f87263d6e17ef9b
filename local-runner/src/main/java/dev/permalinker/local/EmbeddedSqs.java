package dev.permalinker.local;

import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.SqsQueues;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An embedded ElasticMQ with the pipeline's two FIFO queues, as the CDK stack creates them on AWS: the job queue
 * with a redrive policy to the dead-letter queue. In memory: what is still queued when the process ends is gone.
 */
public final class EmbeddedSqs implements AutoCloseable {
    public static final String QUEUE_NAME = "permalinker-jobs.fifo";
    public static final String DLQ_NAME = "permalinker-dlq.fifo";

    private final SQSRestServer server;
    private final URI endpoint;
    private final SqsClient client;
    private final String queueUrl;
    private final String dlqUrl;

    private EmbeddedSqs(SQSRestServer server, URI endpoint, SqsClient client, String queueUrl, String dlqUrl) {
        this.server = server;
        this.endpoint = endpoint;
        this.client = client;
        this.queueUrl = queueUrl;
        this.dlqUrl = dlqUrl;
    }

    public static EmbeddedSqs start(String bind, int port, int maxReceiveCount, int visibilityTimeoutSeconds) {
        SQSRestServer server = (port == 0 ? SQSRestServerBuilder.withDynamicPort()
                : SQSRestServerBuilder.withPort(port))
                .withInterface(bind).start();
        int actualPort = server.waitUntilStarted().localAddress().getPort();
        URI endpoint = URI.create("http://" + ("0.0.0.0".equals(bind) ? "127.0.0.1" : bind) + ":" + actualPort);
        SqsClient client = AwsClients.local(endpoint).sqs(Duration.ofSeconds(30));
        String dlqUrl = client.createQueue(r -> r.queueName(DLQ_NAME).attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))).queueUrl();
        String dlqArn = client.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String queueUrl = client.createQueue(r -> r.queueName(QUEUE_NAME).attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds),
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
                        + maxReceiveCount + "\"}"))).queueUrl();
        return new EmbeddedSqs(server, endpoint, client, queueUrl, dlqUrl);
    }

    public URI endpoint() {
        return endpoint;
    }

    public SqsClient client() {
        return client;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String dlqUrl() {
        return dlqUrl;
    }

    /** Visible plus in-flight messages of a queue. */
    public int depth(String url) {
        return SqsQueues.depth(client, url);
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
    }
}
