package dev.permalinker.actions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.permalinker.actions.ActionsConfig;
import dev.permalinker.actions.ActionsHandler;
import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.SqsLambdaEvents;
import dev.permalinker.model.FailureAttributes;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.ReleaseAction;
import dev.permalinker.telemetry.Metrics;
import dev.permalinker.testsupport.MotoServer;
import dev.permalinker.testsupport.TestSqs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Exactly one build per release with a build hook and an event bus, through real parts: the consumer built from
 * configuration as in Lambda, the actions queues on ElasticMQ, the hook on a loopback port, the bus on moto_server
 * (missing at first, so {@code PutEvents} fails as for a mistyped bus name), a rule of the bus delivering to a moto
 * SQS queue that counts the bus events. The event source's loop (receive, invoke, delete what was not kept) is
 * driven by the test.
 */
class ReleaseActionOnceIT {
    private static final String STACK = "bltonceit0000001";

    private final JsonCodec json = JsonCodec.create();
    private final AtomicInteger hookCalls = new AtomicInteger();
    private final String bus = "permalinker-it-" + UUID.randomUUID();
    private MotoServer moto;
    private TestSqs server;
    private SqsClient sqs;
    private HttpServer hook;
    private String queueUrl;
    private String dlqUrl;
    private EventBridgeClient events;
    private SqsClient motoSqs;

    @BeforeEach
    void start() throws Exception {
        moto = MotoServer.shared();
        server = TestSqs.start();
        sqs = AwsClients.local(server.endpoint()).sqs(Duration.ofSeconds(10));
        dlqUrl = sqs.createQueue(r -> r.queueName("once-it-actions-dlq.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        queueUrl = sqs.createQueue(r -> r.queueName("once-it-actions.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.VISIBILITY_TIMEOUT, "60"))).queueUrl();
        hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            hookCalls.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hook.start();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("testing", "testing"));
        events = EventBridgeClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
        motoSqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
    }

    @AfterEach
    void stop() {
        hook.stop(0);
        events.close();
        motoSqs.close();
        sqs.close();
        server.close();
    }

    private ActionsHandler handler() {
        Map<String, String> env = new HashMap<>();
        env.put("ACTIONS_QUEUE_URL", queueUrl);
        env.put("ACTIONS_DLQ_URL", dlqUrl);
        env.put("RELEASE_HOOK_URL", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hooks/build");
        env.put("EVENT_BUS_NAME", bus);
        env.put("EVENTS_ENDPOINT", moto.endpoint().toString());
        env.put("SQS_ENDPOINT", server.endpoint().toString());
        env.put("RELEASE_DEBOUNCE", "PT1S");
        env.put("RELEASE_ACTION_BACKOFF", "PT1S");
        env.put("RELEASE_ACTION_ATTEMPTS", "3");
        return ActionsHandler.create(ActionsConfig.fromEnv(env), Metrics.NONE, Clock.systemUTC());
    }

    /** The bus, with a rule that delivers every event of ours to a moto queue; its URL. */
    private String createBusWithCountingQueue() {
        events.createEventBus(r -> r.name(bus));
        String target = motoSqs.createQueue(r -> r.queueName(bus)).queueUrl();
        String arn = motoSqs.getQueueAttributes(r -> r.queueUrl(target).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        events.putRule(r -> r.name("all").eventBusName(bus).eventPattern("{\"source\":[\"permalinker\"]}"));
        events.putTargets(r -> r.rule("all").eventBusName(bus).targets(t -> t.id("count").arn(arn)));
        return target;
    }

    private void publishRelease() {
        ReleaseAction action = ReleaseAction.release(STACK, "main", "bltrelease01", "Black Friday", "production",
                Instant.now());
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(json.write(action))
                .messageGroupId(action.messageGroupId()).messageDeduplicationId("event-1"));
    }

    /** One round of the event source: receive a batch, invoke, delete what the answer did not keep. */
    private void round(ActionsHandler handler) throws Exception {
        List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (batch.isEmpty()) {
            return;
        }
        byte[] answer = handler.handle(new SqsLambdaEvents(json).event(queueUrl, batch), Duration.ofSeconds(60));
        Set<String> kept = new HashSet<>();
        json.readTree(answer).path("batchItemFailures").forEach(f -> kept.add(f.path("itemIdentifier").asText()));
        for (Message message : batch) {
            if (!kept.contains(message.messageId())) {
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    private int depth(SqsClient client, String url) {
        Map<QueueAttributeName, String> attributes = client.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void hookSucceedsBusFailsOnce_hookCalledOnceBusEventPutOnce() throws Exception {
        ActionsHandler handler = handler();
        publishRelease();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            round(handler);
            return hookCalls.get() > 0;
        });
        // The first attempt called the hook and failed on the missing bus; now the bus exists.
        String counted = createBusWithCountingQueue();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            round(handler);
            return depth(sqs, queueUrl) == 0;
        });

        assertThat(hookCalls).hasValue(1);
        List<Message> busEvents = motoSqs.receiveMessage(r -> r.queueUrl(counted).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages();
        assertThat(busEvents).singleElement().satisfies(m -> assertThat(json.readTree(m.body().getBytes())
                .path("detail").path("releaseUid").asText()).isEqualTo("bltrelease01"));
        assertThat(depth(sqs, dlqUrl)).isZero();
    }

    @Test
    void hookSucceedsBusAlwaysFails_hookCalledOnceActionDeadLetteredWithItsReason() throws Exception {
        ActionsHandler handler = handler();
        publishRelease();

        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(100)).until(() -> {
            round(handler);
            return depth(sqs, dlqUrl) == 1;
        });

        assertThat(hookCalls).hasValue(1);
        assertThat(depth(sqs, queueUrl)).isZero();
        Message dead = sqs.receiveMessage(r -> r.queueUrl(dlqUrl).maxNumberOfMessages(1).waitTimeSeconds(1)
                .messageAttributeNames("All")).messages().get(0);
        assertThat(dead.messageAttributes().get(FailureAttributes.CODE).stringValue())
                .isEqualTo(FailureCode.HOOK_FAILED.wire());
        assertThat(dead.messageAttributes().get(FailureAttributes.DETAIL).stringValue())
                .contains("event bus " + bus + ": ").contains("ResourceNotFoundException");
        assertThat(dead.messageAttributes().get(FailureAttributes.ATTEMPTS).stringValue()).isEqualTo("3");
        JsonNode body = json.readTree(dead.body().getBytes());
        assertThat(body.path("done").toString()).isEqualTo("[\"hook\"]");
    }
}
