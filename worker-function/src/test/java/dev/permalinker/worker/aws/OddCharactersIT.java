package dev.permalinker.worker.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.SqsDeadLetterSender;
import dev.permalinker.aws.SqsJobPublisher;
import dev.permalinker.cma.ContentstackClient;
import dev.permalinker.cma.ManagementTokens;
import dev.permalinker.model.FailureAttributes;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.QueueText;
import dev.permalinker.retry.Deadline;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.testsupport.TestSqs;
import dev.permalinker.worker.BatchProcessor;
import dev.permalinker.worker.QueueMessage;
import dev.permalinker.worker.WorkerConfig;
import dev.permalinker.worker.WorkerHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The worker's side of characters SQS refuses ({@code U+FFFF}, {@code U+FFFE}, unpaired surrogates) on a real
 * SQS-compatible server (ElasticMQ): a job whose filename holds them is queued, read back unchanged and gets a clean
 * permanent URL; a dead letter whose detail quotes them is accepted, its detail holding only characters SQS takes.
 */
class OddCharactersIT {
    private static final String API_KEY = "bltstack0000000001";
    private static final String TOKEN = "cs-token";
    /** Then a whole surrogate pair (an emoji), which SQS takes and which stays. */
    private static final String ODD = "a\uFFFFb\uFFFEc\uDFFFd\uD800e \uD83D\uDE00";

    private final JsonCodec json = JsonCodec.create();
    private TestSqs server;
    private SqsClient sqs;
    private String queueUrl;
    private String dlqUrl;

    @BeforeEach
    void start() {
        server = TestSqs.start();
        sqs = AwsClients.local(server.endpoint()).sqs(Duration.ofSeconds(10));
        queueUrl = fifo("permalinker-jobs.fifo");
        dlqUrl = fifo("permalinker-dlq.fifo");
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
    void job_filenameWithCharactersSqsRefuses_queuedReadBackUnchangedAndGivenACleanUrl() throws Exception {
        String uid = "bltasset0000000001";
        String filename = "Sale " + ODD + ".png";
        String now = Instant.now().toString();
        PermalinkJob job = new PermalinkJob(1, API_KEY, "main", uid, filename,
                "https://images.contentstack.io/v3/assets/" + API_KEY + "/" + uid + "/0123/download", "image/png",
                now, now);

        new SqsJobPublisher(sqs, queueUrl, json).publish(job);
        Message received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages().get(0);

        assertThat(json.read(received.body(), PermalinkJob.class)).isEqualTo(job);
        try (ContentstackSimulator cma = ContentstackSimulator.start(0, TOKEN, 100)) {
            cma.addStack(API_KEY, TOKEN);
            cma.createAsset(API_KEY, uid, filename, "image/png", job.assetUrl());
            WorkerConfig config = WorkerConfig.fromEnv(Map.of("CS_APIKEY", API_KEY, "CS_MANAGEMENTTOKEN", TOKEN,
                    "CS_CMA_URL", cma.baseUrl().toString(), "DLQ_URL", dlqUrl));
            List<String> deadLetters = new ArrayList<>();
            BatchProcessor worker = new BatchProcessor(WorkerHandler.create(config, ContentstackClient.create(
                    cma.baseUrl(), ManagementTokens.single(API_KEY, TOKEN), json)),
                    (message, code, detail, attempts) -> deadLetters.add(code.wire() + ": " + detail), json);

            List<String> failed = worker.process(List.of(new QueueMessage(received.messageId(), received.body(),
                    uid, 1)), Deadline.after(Duration.ofSeconds(30)));

            assertThat(failed).isEmpty();
            assertThat(deadLetters).isEmpty();
            // U+FFFF and U+FFFE percent-encoded as themselves, each unpaired surrogate as U+FFFD, the emoji whole.
            assertThat(cma.permanentUrl(API_KEY, uid)).isEqualTo("https://images.contentstack.io/v3/assets/"
                    + API_KEY + "/" + uid + "/Sale_a%EF%BF%BFb%EF%BF%BEc%EF%BF%BDd%EF%BF%BDe_%F0%9F%98%80.png");
        }
    }

    @Test
    void deadLetter_detailQuotingCharactersSqsRefuses_acceptedWithOnlyCharactersSqsTakes() throws Exception {
        SqsDeadLetterPublisher deadLetters = new SqsDeadLetterPublisher(
                new SqsDeadLetterSender(sqs, dlqUrl, Clock.systemUTC()));
        String body = json.writeQueueMessage(Map.of("filename", ODD));

        deadLetters.deadLetter(new QueueMessage("msg-1", body, "bltasset0000000001", 3), FailureCode.REJECTED,
                "PUT 422 permanent_url is not valid: " + ODD + "\u0007", 3);

        Message dead = sqs.receiveMessage(r -> r.queueUrl(dlqUrl).waitTimeSeconds(0).messageAttributeNames("All"))
                .messages().get(0);
        String detail = dead.messageAttributes().get(FailureAttributes.DETAIL).stringValue();
        assertThat(detail).isEqualTo("PUT 422 permanent_url is not valid: "
                + "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe \uD83D\uDE00\uFFFD");
        assertThat(QueueText.allowed(detail)).isTrue();
        assertThat(dead.body()).isEqualTo(body);
    }
}
