package dev.permalinker.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** The Lambda SQS event in AWS's documented FIFO shape, and the partial batch response. */
class SqsLambdaEventsTest {
    private final SqsLambdaEvents events = new SqsLambdaEvents(JsonCodec.create());

    @Test
    void records_idReceiptHandleBodyGroupAndReceiveCount() throws IOException {
        String event = """
                {"Records":[{"messageId":"m1","receiptHandle":"rh-1","body":"b1",
                  "attributes":{"MessageGroupId":"g1","ApproximateReceiveCount":"3"}},
                 {"messageId":"m2","body":"b2","attributes":{"ApproximateReceiveCount":"many"}}]}""";

        assertThat(events.records(event.getBytes(StandardCharsets.UTF_8))).containsExactly(
                new SqsLambdaEvents.SqsRecord("m1", "rh-1", "b1", "g1", 3),
                new SqsLambdaEvents.SqsRecord("m2", "", "b2", "m2", 1));
    }

    @Test
    void event_asTheEventSourceWritesIt_readsBackRecordByRecord() throws IOException {
        List<Message> messages = List.of(Message.builder().messageId("m1").receiptHandle("rh-1").body("{\"a\":1}")
                .attributesWithStrings(Map.of("MessageGroupId", "g1", "ApproximateReceiveCount", "2")).build(),
                Message.builder().messageId("m2").receiptHandle("rh-2").body("b2").build());

        byte[] event = events.event("https://sqs.eu-west-1.amazonaws.com/1/q.fifo", messages);

        assertThat(events.records(event)).containsExactly(
                new SqsLambdaEvents.SqsRecord("m1", "rh-1", "{\"a\":1}", "g1", 2),
                new SqsLambdaEvents.SqsRecord("m2", "rh-2", "b2", "m2", 1));
        assertThat(new String(event, StandardCharsets.UTF_8))
                .contains("\"eventSource\":\"aws:sqs\"", "\"eventSourceARN\":\"https://sqs.eu-west-1");
    }

    @Test
    void batchResponse_itemIdentifiersInOrder() {
        assertThat(new String(events.batchResponse(List.of("a", "b")), StandardCharsets.UTF_8))
                .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"a\"},{\"itemIdentifier\":\"b\"}]}");
    }
}
