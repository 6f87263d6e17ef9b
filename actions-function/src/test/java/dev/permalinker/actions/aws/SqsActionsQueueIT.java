package dev.permalinker.actions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.actions.ActionMessage;
import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.SqsDeadLetterSender;
import dev.permalinker.model.FailureAttributes;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.QueueText;
import dev.permalinker.model.ReleaseAction;
import dev.permalinker.testsupport.TestSqs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The actions consumer's own sends on a real SQS-compatible server (ElasticMQ), with the characters SQS refuses in a
 * release's title and environment and in a dead letter's detail: a summary is queued and reads back unchanged, a
 * dead letter is accepted with a detail of characters SQS takes.
 */
class SqsActionsQueueIT {
    /** U+FFFF, U+FFFE, both unpaired surrogates, a control character; then a whole pair (an emoji). */
    private static final String ODD = "\uFFFF\uFFFE\uDFFF\uD800\u0001 \uD83D\uDE00";

    private final JsonCodec json = JsonCodec.create();
    private TestSqs server;
    private SqsClient sqs;
    private String queueUrl;
    private String dlqUrl;
    private SqsActionsQueue queue;

    @BeforeEach
    void start() {
        server = TestSqs.start();
        sqs = AwsClients.local(server.endpoint()).sqs(Duration.ofSeconds(10));
        queueUrl = fifo("permalinker-actions.fifo");
        dlqUrl = fifo("permalinker-actions-dlq.fifo");
        queue = new SqsActionsQueue(sqs, queueUrl, new SqsDeadLetterSender(sqs, dlqUrl, Clock.systemUTC()), json);
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

    @Test
    void send_titleAndEnvironmentWithCharactersSqsRefuses_queuedAndReadBackUnchanged() throws Exception {
        ReleaseAction action = ReleaseAction.release("blt5d4f1e2a3b6c7d80", "main", "bltrelease0000001",
                "Black Friday " + ODD, "production " + ODD, Instant.parse("2026-11-20T09:15:00Z"));

        queue.send(action.messageGroupId(), "summary-1", action);

        List<Message> messages = receive(queueUrl);
        assertThat(messages).hasSize(1);
        assertThat(json.read(messages.get(0).body(), ReleaseAction.class)).isEqualTo(action);
    }

    @Test
    void deadLetter_detailWithCharactersSqsRefuses_acceptedWithOnlyCharactersSqsTakes() throws Exception {
        ActionMessage message = new ActionMessage("msg-1", "receipt-1", "group-1", "{\"v\":1}");

        queue.deadLetter(message, FailureCode.HOOK_FAILED, "hook answered for \"Black Friday " + ODD + "\"", 5);

        List<Message> dead = receive(dlqUrl);
        assertThat(dead).hasSize(1);
        String detail = dead.get(0).messageAttributes().get(FailureAttributes.DETAIL).stringValue();
        assertThat(detail).isEqualTo("hook answered for \"Black Friday \uFFFD\uFFFD\uFFFD\uFFFD\uFFFD \uD83D\uDE00\"");
        assertThat(QueueText.allowed(detail)).isTrue();
        assertThat(dead.get(0).body()).isEqualTo("{\"v\":1}");
    }

    private List<Message> receive(String url) {
        return sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
                .messageAttributeNames("All")).messages();
    }
}
