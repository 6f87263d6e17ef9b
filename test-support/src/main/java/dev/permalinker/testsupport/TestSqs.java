package dev.permalinker.testsupport;

import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The SQS-compatible server an integration test runs against: an embedded ElasticMQ on a loopback port by default;
 * LocalStack in a container when the build runs with {@code -Plocalstack} (system property
 * {@value #BACKEND_PROPERTY}={@code localstack}). Without a Docker engine, a LocalStack run skips the test with a
 * message instead of failing it.
 */
public final class TestSqs implements AutoCloseable {
    public static final String BACKEND_PROPERTY = "permalinker.sqs.backend";
    /** Pinned: tests must not change under us. */
    static final DockerImageName LOCALSTACK_IMAGE = DockerImageName.parse("localstack/localstack:4.4");

    private final SQSRestServer elasticMq;
    private final LocalStackContainer localStack;
    private final URI endpoint;

    private TestSqs(SQSRestServer elasticMq, LocalStackContainer localStack, URI endpoint) {
        this.elasticMq = elasticMq;
        this.localStack = localStack;
        this.endpoint = endpoint;
    }

    public static TestSqs start() {
        if ("localstack".equals(System.getProperty(BACKEND_PROPERTY))) {
            Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                    "-Plocalstack: no Docker engine is available here, so this SQS test is skipped "
                            + "(the default build runs it against ElasticMQ)");
            LocalStackContainer container = new LocalStackContainer(LOCALSTACK_IMAGE)
                    .withServices(LocalStackContainer.Service.SQS);
            container.start();
            return new TestSqs(null, container, container.getEndpointOverride(LocalStackContainer.Service.SQS));
        }
        SQSRestServer server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
        URI endpoint = URI.create("http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort());
        return new TestSqs(server, null, endpoint);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Stops the server, as an outage would; idempotent. */
    @Override
    public void close() {
        if (elasticMq != null) {
            elasticMq.stopAndWait();
        } else {
            localStack.stop();
        }
    }
}
