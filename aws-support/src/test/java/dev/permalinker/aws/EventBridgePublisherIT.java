package dev.permalinker.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.testsupport.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The hand-signed PutEvents against moto_server: a bus with a rule that sends every {@code permalinker} event to an
 * SQS queue (in moto too), so the test reads what the bus received. The test's own EventBridge client (the SDK's)
 * sets the bus up.
 */
class EventBridgePublisherIT {
    private final URI moto = MotoServer.shared().endpoint();
    private final AwsClients aws = AwsClients.local(moto);
    private final JsonCodec json = JsonCodec.create();
    private final String bus = "builds-" + UUID.randomUUID();
    private EventBridgeClient admin;
    private SqsClient sqs;
    private String queueUrl;

    @BeforeEach
    void busWithARuleToAQueue() {
        admin = aws.client(EventBridgeClient.builder(), Duration.ofSeconds(10), moto);
        sqs = aws.sqs(Duration.ofSeconds(10));
        queueUrl = sqs.createQueue(r -> r.queueName("events-" + UUID.randomUUID())).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        admin.createEventBus(r -> r.name(bus));
        admin.putRule(r -> r.name("all").eventBusName(bus).eventPattern("{\"source\":[\"permalinker\"]}"));
        admin.putTargets(r -> r.rule("all").eventBusName(bus).targets(t -> t.id("queue").arn(queueArn)));
    }

    @AfterEach
    void close() {
        admin.close();
        sqs.close();
    }

    /** moto routes each event to its rule's SQS target in about 0.35 s: a call of ten takes seconds there. */
    private EventBridgePublisher publisher() {
        return new EventBridgePublisher(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60))
                .build(), StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")), "us-east-1",
                moto, bus, json);
    }

    private static List<EventBridgePublisher.Entry> entries(int n) {
        return IntStream.range(0, n).mapToObj(i -> new EventBridgePublisher.Entry("permalinker",
                "Permanent URL set", "{\"assetUid\":\"blt" + i + "\"}")).toList();
    }

    private List<JsonNode> received() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (List<Message> batch = receive(); !batch.isEmpty(); batch = receive()) {
            for (Message message : batch) {
                events.add(json.readTree(message.body().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return events;
    }

    private List<Message> receive() {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(60))
                .messages();
    }

    @Test
    void put_moreThanTen_everyEntryOnTheBusWithItsSourceTypeAndDetail() throws Exception {
        // moto refuses a call of more than ten entries (ValidationException), as EventBridge does.
        publisher().put(entries(12));

        List<JsonNode> events = received();
        assertThat(events).hasSize(12);
        assertThat(events).extracting(e -> e.path("detail").path("assetUid").asText())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 12).mapToObj(i -> "blt" + i).toList());
        assertThat(events).allSatisfy(e -> {
            assertThat(e.path("source").asText()).isEqualTo("permalinker");
            assertThat(e.path("detail-type").asText()).isEqualTo("Permanent URL set");
        });
    }

    @Test
    void put_anEntryRefused_isAFailureNamingItsErrorCode() {
        List<EventBridgePublisher.Entry> entries = List.of(entries(1).get(0),
                new EventBridgePublisher.Entry("permalinker", "Permanent URL set", "not a JSON object"));

        assertThatThrownBy(() -> publisher().put(entries))
                .isInstanceOf(EventBridgePublisher.PutEventsException.class)
                .hasMessage("PutEvents: 1 of 2 entries failed (MalformedDetail)");
    }

    @Test
    void put_noSuchBus_failsNamingTheErrorCode() {
        EventBridgePublisher missing = aws.eventBridge("no-such-bus-" + UUID.randomUUID(), moto, json);

        assertThatThrownBy(() -> missing.put(entries(1)))
                .isInstanceOf(EventBridgePublisher.PutEventsException.class)
                .hasMessageStartingWith("PutEvents failed: HTTP 400 ResourceNotFoundException");
    }

    @Test
    void put_unreachable_retriedAsTheSdkWouldThenFailsNamingTheCause() {
        EventBridgePublisher unreachable = aws.eventBridge(bus, URI.create("http://127.0.0.1:1"), json);

        assertThatThrownBy(() -> unreachable.put(entries(1)))
                .isInstanceOf(EventBridgePublisher.PutEventsException.class)
                .hasMessageStartingWith("PutEvents failed after 3 attempt(s)")
                .hasMessageContaining("ConnectException")
                .hasCauseInstanceOf(java.net.ConnectException.class);
        assertThat(unreachable.eventBusName()).isEqualTo(bus);
    }
}
