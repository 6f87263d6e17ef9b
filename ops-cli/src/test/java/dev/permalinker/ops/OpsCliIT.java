package dev.permalinker.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.permalinker.local.LocalPipeline;
import dev.permalinker.local.LocalConfig;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.PermanentUrl;
import dev.permalinker.model.Region;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedAsset;
import dev.permalinker.cma.ContentstackClient;
import dev.permalinker.cma.ManagementTokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** The operator CLI, run in-process as from a shell, against the local pipeline (ElasticMQ, worker, simulator). */
class OpsCliIT {
    private static final String API_KEY = "bltopsstack0000001";
    private static final String TOKEN = "ops-token";
    private static final String SECRET = "ops-secret";

    private final JsonCodec json = JsonCodec.create();
    private ContentstackSimulator cma;
    private LocalPipeline pipeline;

    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void start() {
        cma = ContentstackSimulator.start(0, TOKEN, 200);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CS_APIKEY", API_KEY);
        env.put("CS_SECRET", SECRET);
        env.put("CS_SIGNING_KEY_URL", cma.signingKeyUrl().toString());
        env.put("CS_MANAGEMENTTOKEN", TOKEN);
        env.put("CS_CMA_URL", cma.baseUrl().toString());
        env.put("CS_RATE_LIMIT", "200");
        pipeline = LocalPipeline.start(new LocalConfig("127.0.0.1", 0, 0, 3, 2, 2), env);
    }

    @AfterEach
    void stop() throws InterruptedException {
        pipeline.close();
        cma.close();
    }

    private Run ops(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("QUEUE_URL", pipeline.sqs().queueUrl());
        env.put("DLQ_URL", pipeline.sqs().dlqUrl());
        env.put("CS_APIKEY", API_KEY);
        env.put("CS_MANAGEMENTTOKEN", TOKEN);
        env.put("CS_CMA_URL", cma.baseUrl().toString());
        env.put("CS_SECRET", SECRET);
        env.put("CS_RATE_LIMIT", "100");
        List<String> all = new ArrayList<>(List.of("--endpoint-url", pipeline.sqs().endpoint().toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OpsCli.run(all.toArray(String[]::new), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private PermalinkJob job(SimulatedAsset asset) {
        return new PermalinkJob(1, API_KEY, "main", asset.uid(), asset.filename(), asset.url(), asset.contentType(),
                "2026-11-20T09:14:07.502Z", "2026-11-20T09:14:08Z");
    }

    private void enqueue(PermalinkJob job) {
        pipeline.sqs().client().sendMessage(r -> r.queueUrl(pipeline.sqs().queueUrl()).messageBody(json.write(job))
                .messageGroupId(job.messageGroupId()).messageDeduplicationId(job.deduplicationId()));
    }

    private int depth(String url) {
        return pipeline.sqs().depth(url);
    }

    private List<SimulatedAsset> assets(String prefix, int count) {
        List<SimulatedAsset> assets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            assets.add(cma.createAsset(API_KEY, String.format("%s%05d", prefix, i), "file " + i + ".png", "image/png"));
        }
        return assets;
    }

    /** Dead-letters {@code count} jobs as unauthorized (token revoked) and waits until the DLQ holds them. */
    private List<SimulatedAsset> deadLetterUnauthorized(String prefix, int count) {
        cma.revokeToken();
        List<SimulatedAsset> assets = assets(prefix, count);
        int before = depth(pipeline.sqs().dlqUrl());
        assets.forEach(a -> enqueue(job(a)));
        await().atMost(Duration.ofSeconds(30)).until(() -> depth(pipeline.sqs().dlqUrl()) == before + count
                && depth(pipeline.sqs().queueUrl()) == 0);
        return assets;
    }

    @Test
    void redrive_afterFix_movesEveryMessageBackOnceAndTheWorkerCompletesThem() {
        List<SimulatedAsset> assets = deadLetterUnauthorized("bltredrive", 12);
        cma.restoreToken();

        Run run = ops("dlq", "redrive");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("moved 12 of 12");
        await().atMost(Duration.ofSeconds(30)).until(() -> assets.stream()
                .allMatch(a -> cma.permanentUrl(API_KEY, a.uid()) != null) && depth(pipeline.sqs().queueUrl()) == 0);
        for (SimulatedAsset asset : assets) {
            assertThat(cma.permanentUrl(API_KEY, asset.uid()))
                    .isEqualTo(PermanentUrl.of(API_KEY, asset.info(), Region.NA, null));
            assertThat(cma.writesFor(asset.uid())).isEqualTo(1);
        }
        assertThat(depth(pipeline.sqs().dlqUrl())).isZero();
    }

    @Test
    void statsPeekAndRedriveByCode_onlyThatCodeMoves() throws Exception {
        for (SimulatedAsset gone : assets("bltgone", 2)) {
            cma.deleteAsset(API_KEY, gone.uid());
            enqueue(job(gone));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> depth(pipeline.sqs().dlqUrl()) == 2);
        deadLetterUnauthorized("bltunauth", 3);
        assertThat(pipeline.worker().stop(Duration.ofSeconds(30))).isTrue();

        Run stats = ops("dlq", "stats");
        Run peek = ops("dlq", "peek", "--json");
        Run dryRun = ops("dlq", "redrive", "--code", "unauthorized", "--dry-run");

        assertThat(stats.exit()).as(stats.err()).isZero();
        assertThat(stats.out()).containsPattern("asset_deleted\\s+2").containsPattern("unauthorized\\s+3")
                .containsPattern("permalinker-dlq.fifo\\s+5 visible");
        assertThat(peek.exit()).isZero();
        List<?> peeked = json.read(peek.out(), List.class);
        assertThat(peeked).hasSize(5);
        assertThat(peek.out()).contains("\"code\":\"asset_deleted\"").contains("\"attempts\":1")
                .contains("\"ageSeconds\"");
        assertThat(dryRun.out()).contains("would move 3");
        assertThat(depth(pipeline.sqs().dlqUrl())).as("peek and dry run consume nothing").isEqualTo(5);

        Run redrive = ops("dlq", "redrive", "--code", "unauthorized");

        assertThat(redrive.exit()).as(redrive.err()).isZero();
        assertThat(redrive.out()).contains("moved 3 of 3").contains("2 other(s) stay");
        assertThat(depth(pipeline.sqs().dlqUrl())).isEqualTo(2);
        assertThat(depth(pipeline.sqs().queueUrl())).isEqualTo(3);
        List<Message> moved = pipeline.sqs().client().receiveMessage(r -> r.queueUrl(pipeline.sqs().queueUrl())
                .maxNumberOfMessages(10).messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
        assertThat(moved).allSatisfy(m -> {
            assertThat(m.messageAttributes()).doesNotContainKey("failure.code");
            assertThat(m.messageAttributes().get(DlqOperations.REDRIVEN_CODE).stringValue()).isEqualTo("unauthorized");
            assertThat(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).startsWith("bltunauth");
        });
        assertThat(ops("dlq", "stats").out()).containsPattern("asset_deleted\\s+2").doesNotContain("unauthorized");
    }

    @Test
    void redrive_sendFailsMidway_nothingLost() throws InterruptedException {
        deadLetterUnauthorized("bltmidway", 6);
        assertThat(pipeline.worker().stop(Duration.ofSeconds(30))).isTrue();
        DlqOperations operations = new DlqOperations(pipeline.sqs().client(), pipeline.sqs().queueUrl(),
                pipeline.sqs().dlqUrl(), json);
        DlqOperations.JobSender real = operations.sqsSender();
        int[] sends = {0};
        DlqOperations.JobSender failingAfterTwo = (body, group, dedup) -> {
            if (++sends[0] > 2) {
                throw new IllegalStateException("simulated SQS outage");
            }
            real.send(body, group, dedup);
        };

        DlqOperations.RedriveResult result = operations.redrive(Integer.MAX_VALUE, null, false, 0, failingAfterTwo,
                n -> { });

        assertThat(result.moved()).isEqualTo(2);
        assertThat(result.stoppedBecause()).contains("simulated SQS outage");
        assertThat(depth(pipeline.sqs().queueUrl())).isEqualTo(2);
        assertThat(depth(pipeline.sqs().dlqUrl())).isEqualTo(4);
        assertThat(operations.peek(10)).hasSize(4);
    }

    @Test
    void purge_requiresYes() {
        deadLetterUnauthorized("bltpurge", 2);

        assertThat(ops("dlq", "purge").exit()).isEqualTo(OpsCli.USAGE);
        assertThat(depth(pipeline.sqs().dlqUrl())).isEqualTo(2);
        assertThat(ops("dlq", "purge", "--yes").exit()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> depth(pipeline.sqs().dlqUrl()) == 0);
    }

    @Test
    void backfill_enqueuesOnlyAssetsWithoutUrlAndASecondRunNothingNew() throws Exception {
        assertThat(pipeline.worker().stop(Duration.ofSeconds(30))).isTrue();
        List<SimulatedAsset> assets = assets("bltback", 30);
        ContentstackClient client = ContentstackClient.create(cma.baseUrl(), ManagementTokens.forAnyStack(TOKEN), json);
        for (SimulatedAsset asset : assets.subList(0, 10)) {
            client.setPermanentUrl(API_KEY, "main", asset.uid(),
                    PermanentUrl.of(API_KEY, asset.info(), Region.NA, null), Duration.ofSeconds(5));
        }

        Run dry = ops("backfill", "--dry-run");
        assertThat(dry.out()).contains("20 would be enqueued");
        assertThat(depth(pipeline.sqs().queueUrl())).isZero();

        Run first = ops("backfill");
        Run second = ops("backfill");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("scanned 30").contains("10 already have").contains("20 enqueued");
        assertThat(second.exit()).isZero();
        assertThat(depth(pipeline.sqs().queueUrl())).as("the second run's jobs collapse into the first's")
                .isEqualTo(20);
        List<Message> messages = pipeline.sqs().client().receiveMessage(r -> r.queueUrl(pipeline.sqs().queueUrl())
                .maxNumberOfMessages(1).messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID,
                        MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
        PermalinkJob job = json.read(messages.get(0).body(), PermalinkJob.class);
        assertThat(messages.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                .isEqualTo(job.deduplicationId());
        assertThat(messages.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                .isEqualTo(job.assetUid());
        assertThat(assets.subList(10, 30)).extracting(SimulatedAsset::uid).contains(job.assetUid());
    }

    @Test
    void sendTestWebhook_signedLikeContentstack_reachesTheIngestAndIsQueued(@TempDir Path tempDir) throws Exception {
        SimulatedAsset real = assets("bltsendtest", 1).get(0);
        cma.setPermanentUrl(API_KEY, real.uid(), PermanentUrl.of(API_KEY, real.info(), Region.NA, null));
        Path key = Files.createTempFile(tempDir, "contentstack", ".pem");
        Files.writeString(key, cma.signingKeys().privateKeyPem());
        Run unsigned = ops("send-test-webhook", "--url", pipeline.ingestUrl() + "/webhooks/contentstack");
        assertThat(unsigned.exit()).isEqualTo(OpsCli.FAILED);
        assertThat(unsigned.out()).contains("HTTP 401").contains("X-Contentstack-Request-Signature");

        Run run = ops("send-test-webhook", "--url", pipeline.ingestUrl() + "/webhooks/contentstack",
                "--private-key", key.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("HTTP 202").contains("\"status\":\"queued\"");
    }

    /** Issue 28: every test webhook left a dead letter (a made-up asset), and on AWS the DLQ alarm paged. */
    @Test
    void sendTestWebhook_provesThePathWithoutADeadLetterOrAWrite(@TempDir Path tempDir) throws Exception {
        SimulatedAsset done = assets("bltsenddone", 1).get(0);
        cma.setPermanentUrl(API_KEY, done.uid(), PermanentUrl.of(API_KEY, done.info(), Region.NA, null));
        Path key = Files.createTempFile(tempDir, "contentstack", ".pem");
        Files.writeString(key, cma.signingKeys().privateKeyPem());
        int writesBefore = cma.writesFor(done.uid());

        Run run = ops("send-test-webhook", "--url", pipeline.ingestUrl() + "/webhooks/contentstack",
                "--private-key", key.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("asset " + done.uid()).contains("changes nothing");
        await().atMost(Duration.ofSeconds(30)).until(() -> cma.getCallsFor(done.uid())
                + cma.putCallsFor(done.uid()) >= 1
                && depth(pipeline.sqs().queueUrl()) == 0);
        assertThat(depth(pipeline.sqs().dlqUrl())).as("no dead letter").isZero();
        assertThat(cma.writesFor(done.uid())).as("nothing changed").isEqualTo(writesBefore);
        assertThat(cma.permanentUrl(API_KEY, done.uid()))
                .isEqualTo(PermanentUrl.of(API_KEY, done.info(), Region.NA, null));
    }

    @Test
    void sendTestWebhook_anAssetWithoutItsUrl_getsItOnce(@TempDir Path tempDir) throws Exception {
        SimulatedAsset fresh = assets("bltsendfresh", 1).get(0);
        Path key = Files.createTempFile(tempDir, "contentstack", ".pem");
        Files.writeString(key, cma.signingKeys().privateKeyPem());

        Run run = ops("send-test-webhook", "--url", pipeline.ingestUrl() + "/webhooks/contentstack",
                "--private-key", key.toString(), "--asset", fresh.uid());

        assertThat(run.exit()).as(run.err()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> cma.permanentUrl(API_KEY, fresh.uid()) != null);
        assertThat(cma.permanentUrl(API_KEY, fresh.uid()))
                .isEqualTo(PermanentUrl.of(API_KEY, fresh.info(), Region.NA, null));
        assertThat(depth(pipeline.sqs().dlqUrl())).isZero();
    }

    @Test
    void errors_missingConfigurationAndUnreachableEndpoint_haveClearMessagesAndExitCodes() {
        Map<String, String> env = Map.of();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int missing = OpsCli.run(new String[] {"--endpoint-url", "http://127.0.0.1:9", "dlq", "stats"}, env,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(missing).isEqualTo(OpsCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("DLQ_URL");

        ByteArrayOutputStream unreachableErr = new ByteArrayOutputStream();
        int unreachable = OpsCli.run(new String[] {"--endpoint-url", "http://127.0.0.1:9", "--dlq-url",
                "http://127.0.0.1:9/000000000000/x.fifo", "dlq", "stats"}, env,
                        new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(unreachableErr, true, StandardCharsets.UTF_8));
        assertThat(unreachable).isEqualTo(OpsCli.UNREACHABLE);
        assertThat(unreachableErr.toString(StandardCharsets.UTF_8)).contains("cannot reach");

        Run wrongQueue = ops("--dlq-url", pipeline.sqs().endpoint() + "/000000000000/no-such-queue.fifo", "dlq",
                "peek");
        assertThat(wrongQueue.exit()).isEqualTo(OpsCli.UNREACHABLE);
        assertThat(wrongQueue.err()).contains("no such queue");
    }
}
