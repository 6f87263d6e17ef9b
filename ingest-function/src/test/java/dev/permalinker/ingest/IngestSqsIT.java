package dev.permalinker.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.aws.AwsClients;
import dev.permalinker.ingest.aws.IngestPriming;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.signing.HmacSignature;
import dev.permalinker.testsupport.TestSqs;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The real handler, built from configuration as in Lambda, against an embedded ElasticMQ on a loopback port. */
class IngestSqsIT {
    private TestSqs server;
    private SqsClient sqs;
    private String queueUrl;
    private IngestHandler handler;
    private Map<String, String> env;

    @BeforeEach
    void start() {
        server = TestSqs.start();
        URI endpoint = server.endpoint();
        sqs = AwsClients.local(endpoint).sqs(Duration.ofSeconds(10));
        queueUrl = sqs.createQueue(r -> r.queueName("permalinker-jobs.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false"))).queueUrl();
        env = new HashMap<>(TestWebhooks.env());
        env.put("QUEUE_URL", queueUrl);
        env.put("SQS_ENDPOINT", endpoint.toString());
        // triggered_at must be inside the replay window of the real clock.
        env.put("CS_REPLAY_WINDOW", "P36500D");
        handler = IngestHandler.create(env);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            sqs.close();
            server.close();
        }
    }

    private LambdaInvocation.Response post(String body) {
        return LambdaInvocation.invoke(handler,
                LambdaInvocation.event("POST", IngestService.PATH, TestWebhooks.headers(body), body, false));
    }

    private List<Message> drain() {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(60).waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID,
                            MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"certificate", "hmac"})
    void snapStartPriming_runsTheRequestPathWithItsOwnKeyAndQueuesNothing(String method) {
        env.put("CS_SIGNATURE_METHOD", method);
        env.put("CS_HMAC_SECRETS", "the-configured-hmac-secret");
        IngestHandler configured = IngestHandler.create(env);

        IngestPriming.Report report = configured.priming().prime();

        assertThat(report).isEqualTo(new IngestPriming.Report(202, 1, true));
        assertThat(drain()).isEmpty();
        // The handler still takes real webhooks, exactly once.
        Map<String, String> headers = new HashMap<>(TestWebhooks.headers(TestWebhooks.fixture()));
        headers.put(HmacSignature.HEADER, TestWebhooks.hmacHeader(TestWebhooks.fixture(),
                "the-configured-hmac-secret"));
        assertThat(LambdaInvocation.invoke(configured, LambdaInvocation.event("POST", IngestService.PATH, headers,
                TestWebhooks.fixture(), false)).statusCode()).isEqualTo(202);
        assertThat(drain()).hasSize(1);
    }

    @Test
    void accepted_webhook_yieldsExactlyOneMessageWithContractBodyAndIds() {
        LambdaInvocation.Response response = post(TestWebhooks.fixture());

        assertThat(response.statusCode()).isEqualTo(202);
        List<Message> messages = drain();
        assertThat(messages).hasSize(1);
        Message message = messages.get(0);
        PermalinkJob job = JsonCodec.create().read(message.body(), PermalinkJob.class);
        assertThat(job.v()).isEqualTo(1);
        assertThat(job.apiKey()).isEqualTo(TestWebhooks.API_KEY);
        assertThat(job.branch()).isEqualTo("main");
        assertThat(job.assetUid()).isEqualTo(TestWebhooks.ASSET_UID);
        assertThat(job.filename()).isEqualTo("Summer Sale 2026 (hero).jpeg");
        assertThat(job.triggeredAt()).isEqualTo("2026-11-20T09:14:07.502Z");
        assertThat(message.body()).doesNotContain(TestWebhooks.SECRET);
        assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                .isEqualTo(TestWebhooks.ASSET_UID);
        assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                .isEqualTo(PermalinkJob.deduplicationId(TestWebhooks.API_KEY, "main", TestWebhooks.ASSET_UID));
    }

    @Test
    void sameWebhookThreeTimes_yieldsOneMessage() {
        for (int i = 0; i < 3; i++) {
            assertThat(post(TestWebhooks.fixture()).statusCode()).isEqualTo(202);
        }

        assertThat(drain()).hasSize(1);
    }

    @Test
    void twoAssets_yieldTwoMessagesInTheirOwnGroups() {
        post(TestWebhooks.fixture());
        post(TestWebhooks.fixture().replace(TestWebhooks.ASSET_UID, "blt1111111111111111"));

        assertThat(drain()).extracting(m -> m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                .containsExactlyInAnyOrder(TestWebhooks.ASSET_UID, "blt1111111111111111");
    }

    @Test
    void queueServerStopped_answers503NeverTwoHundred() {
        server.close();

        LambdaInvocation.Response response = post(TestWebhooks.fixture());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.rawBody()).contains("\"code\":\"queue_unavailable\"");
        // The @AfterEach stop is idempotent: no restart needed.
    }
}
