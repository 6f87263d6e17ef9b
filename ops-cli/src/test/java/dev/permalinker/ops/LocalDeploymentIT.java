package dev.permalinker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.DeploymentOutput;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.WebhookSpec;
import dev.permalinker.testsupport.TestSqs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code --data-dir} alone finds a local deployment as the docs promise ("no command needs a pasted URL"): the SQS
 * endpoint from the facts file's queue URLs (no {@code --endpoint-url}, no AWS region) and the CMA from its
 * {@code CmaBaseUrl} (no {@code CS_CMA_URL}), as {@code serve --simulate} writes them.
 */
class LocalDeploymentIT {
    private static final String API_KEY = "bltlocaldeploy0001";
    private static final String TOKEN = "local-token";
    private static final String INGEST = "http://127.0.0.1:1/webhooks/contentstack";
    private static final JsonCodec JSON = JsonCodec.create();

    private record Run(int exit, String out, String err) { }

    @TempDir
    Path dataDir;
    private final ContentstackSimulator cma = ContentstackSimulator.start(0, TOKEN, 100);
    private final TestSqs sqs = TestSqs.start();

    @BeforeEach
    void deploy() throws IOException {
        Map<String, String> facts = new LinkedHashMap<>();
        try (SqsClient client = SqsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(sqs.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build()) {
            facts.put(DeploymentOutput.WebhookUrl.name(), INGEST);
            facts.put(DeploymentOutput.QueueUrl.name(), client.createQueue(r -> r.queueName("local-jobs.fifo")
                    .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl());
            facts.put(DeploymentOutput.DeadLetterQueueUrl.name(), client.createQueue(r -> r.queueName(
                    "local-dlq.fifo").attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl());
        }
        facts.put(DeploymentOutput.CmaBaseUrl.name(), cma.baseUrl().toString());
        Files.writeString(dataDir.resolve(DeploymentOutput.FACTS_FILE), JSON.write(facts));
        cma.addStack(API_KEY, TOKEN);
    }

    @AfterEach
    void stop() {
        sqs.close();
        cma.close();
    }

    private Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OpsCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void dlqStats_dataDirAloneNoRegion_readsTheQueuesTheFactsName() throws IOException {
        Run run = run(Map.of(), "--data-dir", dataDir.toString(), "dlq", "stats", "--json");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        JsonNode stats = JSON.readTree(run.out().getBytes(StandardCharsets.UTF_8));
        assertThat(stats.path("queue").path("name").asText()).isEqualTo("local-jobs.fifo");
        assertThat(stats.path("dlq").path("name").asText()).isEqualTo("local-dlq.fifo");
    }

    @Test
    void webhookStatus_dataDirAloneNoCmaUrl_readsTheFactsCma() {
        cma.addWebhook(API_KEY, WebhookSpec.assetCreations("Permalinker", INGEST).withNotifiers("ops@example.com"));

        Run run = run(Map.of("CS_APIKEY", API_KEY, "CS_MANAGEMENTTOKEN", TOKEN), "--data-dir", dataDir.toString(),
                "webhook", "status");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("delivering to " + INGEST).contains("[ok] Permalinker");
        assertThat(cma.received()).as("the simulated CMA, not the region's").isNotEmpty();
    }

    @Test
    void sendTestWebhook_noUrlNoFacts_namesWhatIsMissing() throws IOException {
        Files.delete(dataDir.resolve(DeploymentOutput.FACTS_FILE));

        Run run = run(Map.of("CS_SECRET", "s"), "--data-dir", dataDir.toString(), "send-test-webhook", "--file",
                dataDir.resolve("body.json").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("the webhook URL is unknown (no --url)").contains("deployment.json");
        assertThat(List.of(run.err().split("\n"))).hasSize(1);
    }
}
