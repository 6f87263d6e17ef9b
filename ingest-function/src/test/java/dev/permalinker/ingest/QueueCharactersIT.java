package dev.permalinker.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.SqsJobPublisher;
import dev.permalinker.ingest.aws.SqsReleaseActionPublisher;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.QueueText;
import dev.permalinker.model.ReleaseAction;
import dev.permalinker.telemetry.Metrics;
import dev.permalinker.testsupport.TestSqs;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Characters JSON carries but SQS refuses in a message body ({@code U+FFFF}, {@code U+FFFE}, unpaired surrogates), in
 * every webhook field that reaches a job or a release action: the ingest queues them (202, never 503) on a real
 * SQS-compatible server (ElasticMQ), and what the worker or the actions consumer reads back is the very string the
 * webhook carried.
 */
class QueueCharactersIT {
    /** As written in the webhook's JSON: escapes, the only way a lone surrogate travels in UTF-8. */
    private static final Map<String, String> ODD = Map.of(
            "U+FFFF", "\\uffff",
            "U+FFFE", "\\ufffe",
            "lone high surrogate", "\\ud800",
            "lone low surrogate", "\\udfff",
            "all of them", "\\ud800x\\uffff\\udc00\\ufffe");

    private final JsonCodec json = JsonCodec.create();
    private TestSqs server;
    private SqsClient sqs;
    private String jobsUrl;
    private String actionsUrl;
    private IngestHandler handler;

    @BeforeEach
    void start() {
        server = TestSqs.start();
        sqs = AwsClients.local(server.endpoint()).sqs(Duration.ofSeconds(10));
        jobsUrl = fifo("permalinker-jobs.fifo");
        actionsUrl = fifo("permalinker-actions.fifo");
        Map<String, String> env = new HashMap<>(TestWebhooks.env());
        env.put("QUEUE_URL", jobsUrl);
        env.put("ACTIONS_QUEUE_URL", actionsUrl);
        env.put("RELEASE_HOOK_URL", "https://api.netlify.com/build_hooks/abc123");
        // triggered_at must be inside the replay window of the real clock.
        env.put("CS_REPLAY_WINDOW", "P36500D");
        // The publishers the ingest's composition root builds, without the retries: a refusal answers 503 at once.
        IngestService service = IngestService.create(IngestConfig.fromEnv(env), json,
                new SqsJobPublisher(sqs, jobsUrl, json), Clock.systemUTC(), Metrics.NONE,
                ReleaseRouting.create(ReleaseActionsConfig.fromEnv(env),
                        new SqsReleaseActionPublisher(sqs, actionsUrl, json)));
        handler = new IngestHandler(service, json, Metrics.NONE, null);
    }

    private String fifo(String name) {
        return sqs.createQueue(r -> r.queueName(name).attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false"))).queueUrl();
    }

    @AfterEach
    void stop() {
        sqs.close();
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"U+FFFF", "U+FFFE", "lone high surrogate", "lone low surrogate", "all of them"})
    void assetCreation_oddCharactersInFilenameTitleAndUrl_queuedAndReadBackUnchanged(String kind) {
        String escaped = ODD.get(kind);
        String body = TestWebhooks.fixture()
                .replace("\"filename\":\"Summer Sale 2026 (hero).jpeg\"", "\"filename\":\"Sale " + escaped + ".jpeg\"")
                .replace("\"title\":\"Summer Sale 2026 (hero).jpeg\"", "\"title\":\"Title " + escaped + "\"")
                .replace("Summer_Sale_2026_hero.jpeg\"", "Sale_" + escaped + ".jpeg\"");

        LambdaInvocation.Response response = post(body);

        assertThat(response.statusCode()).as(response.rawBody()).isEqualTo(202);
        List<Message> messages = drain(jobsUrl);
        assertThat(messages).hasSize(1);
        PermalinkJob job = json.read(messages.get(0).body(), PermalinkJob.class);
        String expected = json.read("\"" + escaped + "\"", String.class);
        assertThat(job.filename()).isEqualTo("Sale " + expected + ".jpeg");
        assertThat(job.assetUrl()).endsWith("/Sale_" + expected + ".jpeg");
        assertThat(job.assetUid()).isEqualTo(TestWebhooks.ASSET_UID);
        assertThat(QueueText.allowed(messages.get(0).body())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"U+FFFF", "U+FFFE", "lone high surrogate", "lone low surrogate", "all of them"})
    void releasePublish_oddCharactersInTitleAndEnvironment_queuedAndReadBackUnchanged(String kind) {
        String escaped = ODD.get(kind);
        String body = "{\"event\":\"publish\",\"source\":{\"type\":\"release\",\"title\":\"Black " + escaped
                + "\",\"uid\":\"bltrelease0000001\"},\"data\":{\"entry\":{\"uid\":\"bltentry01\",\"title\":\"Home "
                + escaped + "\"},\"environment\":{\"name\":\"prod " + escaped + "\",\"uid\":\"blte1\"},"
                + "\"locale\":\"en-us\"},\"api_key\":\"" + TestWebhooks.API_KEY + "\",\"module\":\"entry\","
                + "\"triggered_at\":\"2026-11-20T09:15:00.000Z\"}";

        LambdaInvocation.Response response = post(body);

        assertThat(response.statusCode()).as(response.rawBody()).isEqualTo(202);
        List<Message> messages = drain(actionsUrl);
        assertThat(messages).hasSize(1);
        ReleaseAction action = json.read(messages.get(0).body(), ReleaseAction.class);
        String expected = json.read("\"" + escaped + "\"", String.class);
        assertThat(action.title()).isEqualTo("Black " + expected);
        assertThat(action.environment()).isEqualTo("prod " + expected);
        assertThat(action.releaseUid()).isEqualTo("bltrelease0000001");
    }

    private LambdaInvocation.Response post(String body) {
        return LambdaInvocation.invoke(handler,
                LambdaInvocation.event("POST", IngestService.PATH, TestWebhooks.headers(body), body, false));
    }

    private List<Message> drain(String queueUrl) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(60).waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
        }
    }
}
