package dev.permalinker.actions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.permalinker.actions.ActionsConfig;
import dev.permalinker.actions.ActionsHandler;
import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.SqsLambdaEvents;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.ReleaseAction;
import dev.permalinker.telemetry.EmfMetrics;
import dev.permalinker.testsupport.TestSqs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The actions consumer built from configuration as in Lambda, against ElasticMQ and a hook on a loopback port. */
class ActionsPrimingIT {
    private final JsonCodec json = JsonCodec.create();
    private final AtomicInteger hookCalls = new AtomicInteger();
    private final StringBuilder emf = new StringBuilder();
    private TestSqs server;
    private SqsClient sqs;
    private HttpServer hook;
    private String queueUrl;
    private String dlqUrl;

    @BeforeEach
    void start() throws Exception {
        server = TestSqs.start();
        sqs = AwsClients.local(server.endpoint()).sqs(Duration.ofSeconds(10));
        dlqUrl = sqs.createQueue(r -> r.queueName("priming-it-actions-dlq.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        queueUrl = sqs.createQueue(r -> r.queueName("priming-it-actions.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            hookCalls.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
    }

    @AfterEach
    void stop() {
        hook.stop(0);
        sqs.close();
        server.close();
    }

    private ActionsHandler handler() {
        Map<String, String> env = new HashMap<>();
        env.put("ACTIONS_QUEUE_URL", queueUrl);
        env.put("ACTIONS_DLQ_URL", dlqUrl);
        env.put("RELEASE_HOOK_URL", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hooks/build");
        env.put("SQS_ENDPOINT", server.endpoint().toString());
        EmfMetrics metrics = new EmfMetrics("Permalinker", "it", (line, level) -> emf.append(
                new String(line, StandardCharsets.UTF_8)), Clock.systemUTC());
        return ActionsHandler.create(ActionsConfig.fromEnv(env), metrics, Clock.systemUTC());
    }

    private int depth(String url) {
        return Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void priming_runsABatchAgainstItsOwnLoopbackAndTouchesNothingReal() throws Exception {
        ActionsHandler handler = handler();

        ActionsPriming.Report report = handler.priming().prime();

        // a summary sent, one action through the hook and the bus, nothing kept; the real queue answered
        assertThat(report).isEqualTo(new ActionsPriming.Report(0, 1, 1, 1, true));
        assertThat(hookCalls).hasValue(0);
        assertThat(depth(queueUrl)).isZero();
        assertThat(depth(dlqUrl)).isZero();
        assertThat(emf).as("priming records no metric").isEmpty();

        // After priming (and a restore), a real batch acts once on the configured hook.
        handler.priming().afterRestore(null);
        ReleaseAction quiet = ReleaseAction.release("bltprimingit0001", "main", "bltrelease01", "t", "production",
                Instant.now().minus(Duration.ofMinutes(2)));
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(json.write(quiet))
                .messageGroupId(quiet.messageGroupId()).messageDeduplicationId("d1"));
        List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        byte[] answer = handler.handle(new SqsLambdaEvents(json).event(queueUrl, received), Duration.ofSeconds(60));

        assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(hookCalls).hasValue(1);
    }
}
