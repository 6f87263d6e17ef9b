package dev.permalinker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.ledger.AssetEntry;
import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.AssetLedger;
import dev.permalinker.ledger.AssetState;
import dev.permalinker.ledger.LedgerConfig;
import dev.permalinker.ledger.QueueSource;
import dev.permalinker.ledger.Settlement;
import dev.permalinker.ledger.local.LocalLedger;
import dev.permalinker.local.EmbeddedSqs;
import dev.permalinker.model.FailureAttributes;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code dlq redrive} by the book (issue 28, item 7), against ElasticMQ with the pipeline's queues and the release
 * actions' queues as the local runner creates them, and no consumer: what a redrive moves stays where it went.
 */
class RedriveByTheBookIT {
    private static final String API_KEY = "bltbookstack000001";
    private static final String ACTIONS_QUEUE = "permalinker-actions.fifo";
    private static final String ACTIONS_DLQ = "permalinker-actions-dlq.fifo";

    private final JsonCodec json = JsonCodec.create();
    private EmbeddedSqs sqs;
    private String actionsQueueUrl;
    private String actionsDlqUrl;
    @TempDir
    Path dataDir;

    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void start() {
        sqs = EmbeddedSqs.start("127.0.0.1", 0, 3, 2);
        actionsDlqUrl = sqs.client().createQueue(r -> r.queueName(ACTIONS_DLQ).attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        String dlqArn = sqs.client().getQueueAttributes(r -> r.queueUrl(actionsDlqUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        actionsQueueUrl = sqs.client().createQueue(r -> r.queueName(ACTIONS_QUEUE).attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                        + "\",\"maxReceiveCount\":\"3\"}"))).queueUrl();
    }

    @AfterEach
    void stop() {
        sqs.close();
    }

    private Run ops(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("QUEUE_URL", sqs.queueUrl());
        env.put("DLQ_URL", sqs.dlqUrl());
        env.put("CS_APIKEY", API_KEY);
        env.putAll(extraEnv);
        List<String> all = new ArrayList<>(List.of("--endpoint-url", sqs.endpoint().toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OpsCli.run(all.toArray(String[]::new), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run ops(String... args) {
        return ops(Map.of(), args);
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** A dead letter as the worker sends it: the job, and its failure as attributes. */
    private void deadJob(String uid, FailureCode code, String detail) {
        PermalinkJob job = new PermalinkJob(1, API_KEY, "main", uid, "hero.png",
                "https://images.contentstack.io/v3/assets/" + API_KEY + "/" + uid + "/x/hero.png", "image/png",
                "2026-12-02T08:00:00.000Z", "2026-12-02T08:00:01Z");
        sqs.client().sendMessage(r -> r.queueUrl(sqs.dlqUrl()).messageBody(json.write(job))
                .messageGroupId(uid).messageDeduplicationId("dead-" + uid)
                .messageAttributes(Map.of(FailureAttributes.CODE, text(code.wire()), FailureAttributes.DETAIL,
                        text(detail), FailureAttributes.ATTEMPTS, MessageAttributeValue.builder().dataType("Number")
                                .stringValue("1").build())));
    }

    /** A release action the actions function gave up on: {@code hook_failed}. */
    private void deadAction(String releaseUid) {
        String body = json.write(Map.of("kind", "release", "apiKey", API_KEY, "branch", "main", "releaseUid",
                releaseUid, "environment", "production"));
        sqs.client().sendMessage(r -> r.queueUrl(actionsDlqUrl).messageBody(body).messageGroupId(releaseUid)
                .messageDeduplicationId("dead-" + releaseUid)
                .messageAttributes(Map.of(FailureAttributes.CODE, text(FailureCode.HOOK_FAILED.wire()),
                        FailureAttributes.DETAIL, text("POST https://hooks.example.com/build answered 500"))));
    }

    @Test
    void redrive_actionsDlqIntoTheJobQueue_refusedAlsoOnADryRun_nothingMoves() {
        deadAction("bltrelease00001");

        Run dryRun = ops("--dlq-url", actionsDlqUrl, "dlq", "redrive", "--dry-run");
        Run redrive = ops("--dlq-url", actionsDlqUrl, "dlq", "redrive");

        for (Run run : List.of(dryRun, redrive)) {
            assertThat(run.exit()).as(run.out()).isEqualTo(OpsCli.USAGE);
            assertThat(run.err()).contains("refused, nothing moved").contains("release actions")
                    .contains("hook_failed").contains("--queue-url");
        }
        assertThat(sqs.depth(actionsDlqUrl)).isEqualTo(1);
        assertThat(sqs.depth(sqs.queueUrl())).as("no release action in the job queue").isZero();
    }

    @Test
    void redrive_jobsIntoTheActionsQueue_refused() {
        deadJob("bltbookasset00001", FailureCode.UNAUTHORIZED, "PUT 401");

        Run run = ops("--queue-url", actionsQueueUrl, "dlq", "redrive");

        assertThat(run.exit()).isEqualTo(OpsCli.USAGE);
        assertThat(run.err()).contains("asset jobs").contains(ACTIONS_QUEUE);
        assertThat(sqs.depth(sqs.dlqUrl())).isEqualTo(1);
        assertThat(sqs.depth(actionsQueueUrl)).isZero();
    }

    @Test
    void redrive_actionsDlqIntoItsOwnQueue_moves() {
        deadAction("bltrelease00002");

        Run run = ops("--dlq-url", actionsDlqUrl, "--queue-url", actionsQueueUrl, "dlq", "redrive");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(sqs.depth(actionsQueueUrl)).isEqualTo(1);
        assertThat(sqs.depth(actionsDlqUrl)).isZero();
    }

    @Test
    void redrive_intoAQueueWhoseRedrivePolicyNamesAnotherDlq_refused() {
        String otherDlq = sqs.client().createQueue(r -> r.queueName("permalinker-other-dlq.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        sqs.client().sendMessage(r -> r.queueUrl(otherDlq).messageBody(json.write(new PermalinkJob(1, API_KEY,
                "main", "bltbookasset00009", "a.png", "https://x/a.png", "image/png", null, null)))
                .messageGroupId("g").messageDeduplicationId("d"));

        Run run = ops("--dlq-url", otherDlq, "dlq", "redrive", "--dry-run");

        assertThat(run.exit()).isEqualTo(OpsCli.USAGE);
        assertThat(run.err()).contains("sends its dead letters to permalinker-dlq.fifo");
    }

    @Test
    void redrive_keepsEachMessagesFailureAndMarksTheLedgerRedrive() throws Exception {
        AssetKey key = new AssetKey(API_KEY, "main", "bltbookasset00002");
        try (AssetLedger ledger = LocalLedger.open(dataDir, LedgerConfig.DEFAULT_RETENTION, Clock.systemUTC(),
                json)) {
            ledger.markQueued(key, QueueSource.WEBHOOK);
            ledger.record(key, Settlement.deadLettered(FailureCode.UNAUTHORIZED, 1));
        }
        deadJob(key.assetUid(), FailureCode.UNAUTHORIZED, "PUT 401: the token was revoked");

        Run run = ops(Map.of("DATA_DIR", dataDir.toString()), "dlq", "redrive");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("moved 1 of 1").contains("asset ledger: 1 asset(s) marked queued by redrive");
        List<Message> moved = sqs.client().receiveMessage(r -> r.queueUrl(sqs.queueUrl()).maxNumberOfMessages(10)
                .messageAttributeNames("All")).messages();
        assertThat(moved).hasSize(1);
        assertThat(moved.get(0).messageAttributes().get(DlqOperations.REDRIVEN_CODE).stringValue())
                .isEqualTo("unauthorized");
        assertThat(moved.get(0).messageAttributes().get(DlqOperations.REDRIVEN_DETAIL).stringValue())
                .isEqualTo("PUT 401: the token was revoked");
        assertThat(moved.get(0).messageAttributes().get(DlqOperations.REDRIVEN_ATTEMPTS).stringValue())
                .isEqualTo("1");
        try (AssetLedger ledger = LocalLedger.open(dataDir, LedgerConfig.DEFAULT_RETENTION, Clock.systemUTC(),
                json)) {
            AssetEntry row = ledger.find(key).found().orElseThrow();
            assertThat(row.state()).isEqualTo(AssetState.QUEUED);
            assertThat(row.queuedBy()).isEqualTo(QueueSource.REDRIVE);
        }
    }

    @Test
    void redrive_detailLongerThanCarriedEndingInAnEmoji_movedWithoutALoneSurrogate() {
        // 999 characters, then a pair: carrying the first 1,000 must not cut the pair (SQS refuses a lone half).
        deadJob("bltbookasset00005", FailureCode.INVALID_JOB, "x".repeat(999) + "\uD83D\uDE00 filename");

        Run run = ops("dlq", "redrive");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("moved 1 of 1");
        assertThat(sqs.depth(sqs.dlqUrl())).isZero();
    }

    @Test
    void statsAndRedrive_attemptsAttributeNotAWholeNumber_readAsUnknownNotAStackTrace() {
        PermalinkJob job = new PermalinkJob(1, API_KEY, "main", "bltbookasset00006", "a.png", "https://x/a.png",
                "image/png", null, null);
        sqs.client().sendMessage(r -> r.queueUrl(sqs.dlqUrl()).messageBody(json.write(job))
                .messageGroupId("g6").messageDeduplicationId("d6")
                .messageAttributes(Map.of(FailureAttributes.CODE, text(FailureCode.REJECTED.wire()),
                        FailureAttributes.ATTEMPTS, MessageAttributeValue.builder().dataType("Number")
                                .stringValue("1.5").build())));

        Run stats = ops("dlq", "stats");
        assertThat(stats.exit()).as(stats.err()).isZero();
        assertThat(stats.err()).doesNotContain("Exception");

        Run run = ops("dlq", "redrive");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("moved 1 of 1");
    }

    @Test
    void redriveOneAsset_movesOnlyItsDeadLetter() {
        deadJob("bltbookasset00003", FailureCode.REJECTED, "PUT 422");
        deadJob("bltbookasset00004", FailureCode.REJECTED, "PUT 422");

        Run run = ops("dlq", "redrive", "--asset", "bltbookasset00004");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("moved 1 of 1").contains("of bltbookasset00004");
        assertThat(sqs.depth(sqs.dlqUrl())).isEqualTo(1);
        Message left = sqs.client().receiveMessage(r -> r.queueUrl(sqs.dlqUrl())).messages().get(0);
        assertThat(left.body()).contains("bltbookasset00003");
    }

    @Test
    void statsJson_aStableShapeForScripts() throws Exception {
        deadJob("bltbookasset00005", FailureCode.UNAUTHORIZED, "PUT 401");
        deadJob("bltbookasset00006", FailureCode.ASSET_DELETED, "GET 404");

        Run run = ops("dlq", "stats", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode stats = json.readTree(run.out().getBytes(StandardCharsets.UTF_8));
        assertThat(stats.path("queue").path("name").asText()).isEqualTo(EmbeddedSqs.QUEUE_NAME);
        assertThat(stats.path("queue").path("visible").isInt()).isTrue();
        assertThat(stats.path("queue").path("inFlight").isInt()).isTrue();
        assertThat(stats.path("dlq").path("name").asText()).isEqualTo(EmbeddedSqs.DLQ_NAME);
        assertThat(stats.path("dlq").path("visible").asInt()).isEqualTo(2);
        assertThat(stats.path("dlqByCode").path("unauthorized").asInt()).isEqualTo(1);
        assertThat(stats.path("dlqByCode").path("asset_deleted").asInt()).isEqualTo(1);
        assertThat(sqs.depth(sqs.dlqUrl())).as("stats consumes nothing").isEqualTo(2);
    }
}
