package dev.permalinker.local;

import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.SqsQueues;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;
import scala.Function0;
import java.time.Duration;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An embedded ElasticMQ with the pipeline's two FIFO queues, as the CDK stack creates them on AWS: the job queue
 * with a redrive policy to the dead-letter queue. In memory ({@link #start}) for the demo and tests, or kept in a
 * data directory ({@link #startDurable}) for {@code serve}.
 */
public final class EmbeddedSqs implements AutoCloseable {
    public static final String QUEUE_NAME = "permalinker-jobs.fifo";
    public static final String DLQ_NAME = "permalinker-dlq.fifo";

    /** Stops the server, whichever kind it is. */
    private final Runnable stopper;
    private final URI endpoint;
    private final SqsClient client;
    private final String queueUrl;
    private final String dlqUrl;

    private EmbeddedSqs(Runnable stopper, URI endpoint, SqsClient client, String queueUrl, String dlqUrl) {
        this.stopper = stopper;
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
        return new EmbeddedSqs(server::stopAndWait, endpoint, client, queueUrl, dlqUrl);
    }

    /**
     * ElasticMQ with its own SQL message storage (H2 in {@code dataDir}): every queue operation is written to the
     * database before SQS answers, so a message confirmed to a sender survives a killed process. H2 runs with
     * {@code WRITE_DELAY=0} (its default holds commits up to 500 ms in memory); it does not fsync each commit, so a
     * power loss may still lose the last moments. The queues are created on first start and restored after that,
     * with their messages; messages in flight when the process died come back after their visibility timeout.
     *
     * @param port a fixed port (ElasticMQ's server cannot report a dynamic one here)
     */
    public static EmbeddedSqs startDurable(String bind, int port, int maxReceiveCount, int visibilityTimeoutSeconds,
                                           Path dataDir) {
        String host = "0.0.0.0".equals(bind) ? "127.0.0.1" : bind;
        String jdbc = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("queues").toString().replace('\\', '/')
                + ";WRITE_DELAY=0";
        Config config = ConfigFactory.parseString(String.join("\n",
                "node-address { protocol = http, host = \"" + host + "\", port = " + port + ", context-path = \"\" }",
                "rest-sqs { enabled = true, bind-port = " + port + ", bind-hostname = \"" + bind
                        + "\", sqs-limits = strict }",
                "generate-node-address = false",
                "messages-storage { enabled = true, driver-class = \"org.h2.Driver\", uri = \"" + jdbc + "\", "
                        + "username = \"\", password = \"\", prune-data-on-init = false }",
                "queues {",
                "  \"" + DLQ_NAME + "\" { fifo = true }",
                "  \"" + QUEUE_NAME + "\" { fifo = true, defaultVisibilityTimeout = " + visibilityTimeoutSeconds
                        + " seconds, deadLettersQueue { name = \"" + DLQ_NAME + "\", maxReceiveCount = "
                        + maxReceiveCount + " } }",
                "}")).withFallback(ConfigFactory.load()).resolve();
        Function0<?> shutdown = new ElasticMQServer(new ElasticMQServerConfig(config)).start();
        URI endpoint = URI.create("http://" + host + ":" + port);
        SqsClient client = AwsClients.local(endpoint).sqs(Duration.ofSeconds(30));
        try {
            // The queues are restored from the database asynchronously: wait for them, or say why not.
            String queueUrl = awaitQueue(client, QUEUE_NAME);
            String dlqUrl = awaitQueue(client, DLQ_NAME);
            return new EmbeddedSqs(shutdown::apply, endpoint, client, queueUrl, dlqUrl);
        } catch (RuntimeException e) {
            client.close();
            shutdown.apply();
            throw new DataDirectory.DataDirectoryException("the queues in " + dataDir + " could not be opened or "
                    + "restored (" + e.getMessage() + "); nothing was changed: look at the H2 file there, or start "
                    + "with another DATA_DIR", e);
        }
    }

    private static String awaitQueue(SqsClient client, String name) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                return client.getQueueUrl(r -> r.queueName(name)).queueUrl();
            } catch (RuntimeException e) {
                last = e;
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
        throw new IllegalStateException("queue " + name + " did not appear: "
                + (last == null ? "timeout" : last.getClass().getSimpleName()), last);
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
        stopper.run();
    }
}
