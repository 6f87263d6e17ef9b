package dev.permalinker.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.model.FailureAttributes;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.QueueText;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

class SqsDeadLetterSenderTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    /** Records what it was asked to send. */
    private static final class RecordingSqs implements SqsClient {
        final List<SendMessageRequest> sent = new ArrayList<>();

        @Override
        public SendMessageResponse sendMessage(SendMessageRequest request) {
            sent.add(request);
            return SendMessageResponse.builder().messageId("dlq-1").build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void send_keepsTheBodyAndGroup_reasonInFailureAttributes() {
        RecordingSqs sqs = new RecordingSqs();

        new SqsDeadLetterSender(sqs, "https://sqs/dlq.fifo", CLOCK)
                .send("{\"job\":1}", "group-1", "msg-1", FailureCode.ASSET_DELETED, "gone", 3);

        SendMessageRequest request = sqs.sent.get(0);
        assertThat(request.queueUrl()).isEqualTo("https://sqs/dlq.fifo");
        assertThat(request.messageBody()).isEqualTo("{\"job\":1}");
        assertThat(request.messageGroupId()).isEqualTo("group-1");
        assertThat(request.messageDeduplicationId()).isEqualTo(PermalinkJob.sha256Hex("dlq:msg-1"));
        assertThat(request.messageAttributes().get(FailureAttributes.CODE).stringValue())
                .isEqualTo(FailureCode.ASSET_DELETED.wire());
        assertThat(request.messageAttributes().get(FailureAttributes.DETAIL).stringValue()).isEqualTo("gone");
        assertThat(request.messageAttributes().get(FailureAttributes.ATTEMPTS).dataType()).isEqualTo("Number");
        assertThat(request.messageAttributes().get(FailureAttributes.ATTEMPTS).stringValue()).isEqualTo("3");
        assertThat(request.messageAttributes().get(FailureAttributes.AT).stringValue())
                .isEqualTo("2026-01-02T03:04:05Z");
        assertThat(request.messageAttributes().get(FailureAttributes.SOURCE_MESSAGE_ID).stringValue())
                .isEqualTo("msg-1");
    }

    @Test
    void send_detailEmptyOrLong_dashOrCut() {
        RecordingSqs sqs = new RecordingSqs();
        SqsDeadLetterSender sender = new SqsDeadLetterSender(sqs, "https://sqs/dlq.fifo", CLOCK);

        sender.send("b", "g", "m1", FailureCode.ASSET_DELETED, "", 1);
        sender.send("b", "g", "m2", FailureCode.ASSET_DELETED, "x".repeat(5_000), 1);

        assertThat(sqs.sent.get(0).messageAttributes().get(FailureAttributes.DETAIL).stringValue()).isEqualTo("-");
        assertThat(sqs.sent.get(1).messageAttributes().get(FailureAttributes.DETAIL).stringValue())
                .hasSize(SqsDeadLetterSender.MAX_DETAIL);
    }
    @Test
    void send_detailWithCharactersSqsRefuses_replacedPairsKeptNeverCutInHalf() {
        RecordingSqs sqs = new RecordingSqs();
        SqsDeadLetterSender sender = new SqsDeadLetterSender(sqs, "https://sqs/dlq.fifo", CLOCK);
        String emoji = "\uD83D\uDE00";

        sender.send("b", "g", "m1", FailureCode.REJECTED, "title a\uFFFEb\uFFFFc\uD800d\u001Be " + emoji, 1);
        sender.send("b", "g", "m2", FailureCode.REJECTED, "x".repeat(SqsDeadLetterSender.MAX_DETAIL - 1) + emoji, 1);

        String detail = sqs.sent.get(0).messageAttributes().get(FailureAttributes.DETAIL).stringValue();
        assertThat(detail).isEqualTo("title a\uFFFDb\uFFFDc\uFFFDd\uFFFDe " + emoji);
        assertThat(QueueText.allowed(detail)).isTrue();
        assertThat(sqs.sent.get(1).messageAttributes().get(FailureAttributes.DETAIL).stringValue())
                .isEqualTo("x".repeat(SqsDeadLetterSender.MAX_DETAIL - 1));
    }
}
