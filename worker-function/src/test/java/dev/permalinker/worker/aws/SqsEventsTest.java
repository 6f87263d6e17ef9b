package dev.permalinker.worker.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.model.JsonCodec;
import dev.permalinker.worker.QueueMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Lambda SQS event in AWS's documented FIFO shape, and the partial batch response. */
class SqsEventsTest {
    private final JsonCodec json = JsonCodec.create();
    private final SqsEvents events = new SqsEvents(json);

    private static String record() throws IOException {
        try (InputStream in = SqsEventsTest.class.getResourceAsStream("/events/sqs-fifo-record.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void messages_awsSampleRecord_idBodyGroupAndReceiveCount() throws IOException {
        String event = "{\"Records\":[" + record() + "," + record()
                .replace("11d6ee51-4cc7-4302-9e22-7cd8afdaadf5", "second")
                .replace("\"ApproximateReceiveCount\": \"1\"", "\"ApproximateReceiveCount\": \"4\"") + "]}";

        List<QueueMessage> messages = events.messages(event.getBytes(StandardCharsets.UTF_8));

        assertThat(messages).containsExactly(
                new QueueMessage("11d6ee51-4cc7-4302-9e22-7cd8afdaadf5", "Test message.", "1", 1),
                new QueueMessage("second", "Test message.", "1", 4));
    }

    @Test
    void messages_recordWithoutGroup_isItsOwnGroup() throws IOException {
        List<QueueMessage> messages = events.messages(
                "{\"Records\":[{\"messageId\":\"m1\",\"body\":\"b\"}]}".getBytes(StandardCharsets.UTF_8));

        assertThat(messages).containsExactly(new QueueMessage("m1", "b", "m1", 1));
    }

    @Test
    void batchResponse_itemIdentifiersInOrder() throws IOException {
        byte[] response = events.batchResponse(List.of("a", "b"));

        assertThat(new String(response, StandardCharsets.UTF_8))
                .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"a\"},{\"itemIdentifier\":\"b\"}]}");
        assertThat(new String(events.batchResponse(List.of()), StandardCharsets.UTF_8))
                .isEqualTo("{\"batchItemFailures\":[]}");
    }
}
