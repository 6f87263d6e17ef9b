package dev.permalinker.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

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
    void batchResponse_itemIdentifiersInOrder() {
        assertThat(new String(events.batchResponse(List.of("a", "b")), StandardCharsets.UTF_8))
                .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"a\"},{\"itemIdentifier\":\"b\"}]}");
    }
}
