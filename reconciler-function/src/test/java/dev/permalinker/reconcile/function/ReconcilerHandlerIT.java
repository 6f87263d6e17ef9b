package dev.permalinker.reconcile.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.aws.AwsClients;
import dev.permalinker.retry.Deadline;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.reconcile.function.aws.ReconcilerPriming;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.WebhookSpec;
import dev.permalinker.testsupport.TestSqs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The reconciler function built from its environment as in Lambda, against ElasticMQ and the simulator. */
class ReconcilerHandlerIT {
    private static final String API_KEY = "bltreconcilefn01";
    private static final String TOKEN = "cs-token-never-printed";
    private static final String INGEST = "https://abc.execute-api.eu-west-1.amazonaws.com/webhooks/contentstack";

    private final JsonCodec json = JsonCodec.create();
    private TestSqs server;
    private SqsClient sqs;
    private String queueUrl;
    private ContentstackSimulator cma;

    @BeforeEach
    void start() {
        server = TestSqs.start();
        sqs = AwsClients.local(server.endpoint()).sqs(Duration.ofSeconds(10));
        queueUrl = sqs.createQueue(r -> r.queueName("permalinker-jobs.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        cma = ContentstackSimulator.start(0, TOKEN, 100);
    }

    /** The deployment's webhook, added after the uploads: the simulator would deliver to a URL nothing answers. */
    private void addWebhook() {
        cma.addWebhook(API_KEY, WebhookSpec.assetCreations("Permalinker", INGEST));
    }

    @AfterEach
    void stop() {
        cma.close();
        sqs.close();
        server.close();
    }

    private ReconcilerHandler handler() {
        return ReconcilerHandler.create(Map.of("CS_APIKEY", API_KEY, "CS_MANAGEMENTTOKEN", TOKEN,
                "CS_CMA_URL", cma.baseUrl().toString(), "QUEUE_URL", queueUrl,
                "SQS_ENDPOINT", server.endpoint().toString(), "PUBLIC_WEBHOOK_URL", INGEST));
    }

    private byte[] scheduledEvent() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/events/scheduled-event.json")) {
            return in.readAllBytes();
        }
    }

    private List<Message> receiveAll() {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID,
                        MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)).messages();
    }

    @Test
    void handle_scheduledEvent_queuesTheMissedAssetWithTheIngestsIdsOnce() throws Exception {
        cma.createAsset(API_KEY, "bltmissedasset01", "photo.png", "image/png",
                Instant.now().minus(Duration.ofHours(1)));
        cma.createAsset(API_KEY, "bltyoungasset001", "new.png", "image/png", Instant.now());
        addWebhook();
        ReconcilerHandler handler = handler();

        JsonNode first = json.readTree(handler.handle(scheduledEvent(), Deadline.after(Duration.ofSeconds(30))));
        JsonNode second = json.readTree(handler.handle(scheduledEvent(), Deadline.after(Duration.ofSeconds(30))));

        assertThat(first.path("eventId").asText()).isEqualTo("53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa");
        assertThat(first.path("queued").asInt()).isEqualTo(1);
        assertThat(first.path("reads").asInt()).isEqualTo(2);
        assertThat(first.path("skipped").path("too_young").asInt()).isEqualTo(1);
        assertThat(first.path("webhooks").get(0).path("healthy").asBoolean()).isTrue();
        assertThat(first.path("problems")).isEmpty();
        assertThat(second.path("queued").asInt()).as("the first run's job still waits: the scan waits for the drain")
                .isZero();
        assertThat(second.path("webhooks").get(0).path("healthy").asBoolean()).isTrue();
        List<Message> messages = receiveAll();
        assertThat(messages).hasSize(1);
        PermalinkJob job = json.read(messages.get(0).body(), PermalinkJob.class);
        assertThat(job.assetUid()).isEqualTo("bltmissedasset01");
        assertThat(messages.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                .isEqualTo("bltmissedasset01");
        assertThat(messages.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                .isEqualTo(PermalinkJob.deduplicationId(API_KEY, "main", "bltmissedasset01"));
    }

    @Test
    void priming_runsAgainstItsOwnLoopbackCmaAndQueuesNothing() throws Exception {
        addWebhook();
        ReconcilerHandler handler = handler();
        int before = cma.received().size();

        ReconcilerPriming.Report report = handler.priming().prime();

        // an asset page, the webhook list and the watched webhook's executions, all on its own loopback CMA
        assertThat(report).isEqualTo(new ReconcilerPriming.Report(3, 1, 0, true));
        assertThat(cma.received()).hasSize(before);
        assertThat(receiveAll()).isEmpty();
    }

    @Test
    void handle_notAScheduledEvent_reconcilesAllTheSame() throws Exception {
        addWebhook();
        JsonNode summary = json.readTree(handler().handle("not json".getBytes(StandardCharsets.UTF_8),
                Deadline.after(Duration.ofSeconds(30))));

        assertThat(summary.path("eventId").asText()).isEmpty();
        assertThat(summary.path("problems")).isEmpty();
    }
}
