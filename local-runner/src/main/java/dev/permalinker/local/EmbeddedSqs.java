package dev.permalinker.local;

import java.net.URI;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
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
        SQSRestServer server = (port == 0 ? SQSRestServerBuilder.withDynamicPort() : SQSRestServerBuilder.withPort(port))
                .withInterface(bind).start();
        int actualPort = server.waitUntilStarted().localAddress().getPort();
        URI endpoint = URI.create("http://" + ("0.0.0.0".equals(bind) ? "127.0.0.1" : bind) + ":" + actualPort);
        SqsClient client = SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
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
        Map<QueueAttributeName, String> attributes = client.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
    }
}
