package dev.permalinker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.SqsLambdaEvents;
import dev.permalinker.aws.SqsQueues;
import dev.permalinker.model.FailureAttributes;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.PermanentUrl;
import dev.permalinker.model.Region;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.Faults;
import dev.permalinker.testsupport.TestSqs;
import dev.permalinker.worker.WorkerHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The real worker, fed by the Lambda-like poller from an embedded ElasticMQ, writing into the simulator. */
class WorkerPipelineIT {
    private static final String TOKEN = "cs-management-token-for-tests";
    private static final String API_KEY = "bltstack0000000001";
    private static final int RATE_LIMIT = 100;
    private static final int MAX_RECEIVE_COUNT = 3;

    private final JsonCodec json = JsonCodec.create();
    private TestSqs server;
    private SqsClient sqs;
    private String queueUrl;
    private String dlqUrl;
    private ContentstackSimulator cma;
    private SqsEventSourcePoller poller;
    private URI sqsEndpoint;

    @BeforeEach
    void start() {
        server = TestSqs.start();
        sqsEndpoint = server.endpoint();
        sqs = AwsClients.local(sqsEndpoint).sqs(Duration.ofSeconds(30));
        dlqUrl = sqs.createQueue(r -> r.queueName("permalinker-dlq.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        queueUrl = sqs.createQueue(r -> r.queueName("permalinker-jobs.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.VISIBILITY_TIMEOUT, "2",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + MAX_RECEIVE_COUNT + "\"}")))
                        .queueUrl();
        cma = ContentstackSimulator.start(0, TOKEN, RATE_LIMIT);
        cma.addStack(API_KEY);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (poller != null) {
            poller.close();
        }
        if (server != null) {
            cma.close();
            sqs.close();
            server.close();
        }
    }

    private WorkerHandler handler(String cmaTimeout) {
        Map<String, String> env = new HashMap<>();
        env.put("CS_MANAGEMENTTOKEN", TOKEN);
        env.put("CS_CMA_URL", cma.baseUrl().toString());
        env.put("CS_RATE_LIMIT", Integer.toString(RATE_LIMIT));
        // The poller's threads share this one handler, as one container would: it gets the whole rate.
        env.put("WORKER_MAX_CONCURRENCY", "1");
        env.put("CS_CMA_TIMEOUT", cmaTimeout);
        env.put("DLQ_URL", dlqUrl);
        env.put("SQS_ENDPOINT", sqsEndpoint.toString());
        return WorkerHandler.create(env);
    }

    private void startPoller() {
        poller = new SqsEventSourcePoller(sqs, queueUrl, handler("PT2S"), json, 2, Duration.ofSeconds(30), 1);
        poller.start();
    }

    /** The jobs' triggeredAt: now, within SQS's deduplication window, so the worker writes without reading first. */
    private final String jobTime = Instant.now().toString();

    private PermalinkJob job(String uid) {
        String url = "https://images.contentstack.io/v3/assets/" + API_KEY + "/" + uid + "/abc/" + uid + ".png";
        return new PermalinkJob(1, API_KEY, "main", uid, uid + ".png", url, "image/png", jobTime, jobTime);
    }

    /** Sends jobs in batches of ten; {@code dedupSuffix} makes a redelivery that SQS will not collapse. */
    private void send(List<PermalinkJob> jobs, List<String> dedupIds) {
        for (int i = 0; i < jobs.size(); i += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int j = i; j < Math.min(i + 10, jobs.size()); j++) {
                PermalinkJob job = jobs.get(j);
                entries.add(SendMessageBatchRequestEntry.builder().id("e" + j).messageBody(json.write(job))
                        .messageGroupId(job.messageGroupId()).messageDeduplicationId(dedupIds.get(j)).build());
            }
            assertThat(sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed()).isEmpty();
        }
    }

    private void sendOne(PermalinkJob job) {
        send(List.of(job), List.of(job.deduplicationId()));
    }

    private int visible(String url) {
        return SqsQueues.depth(sqs, url);
    }

    private List<Message> dlqMessages() {
        return sqs.receiveMessage(r -> r.queueUrl(dlqUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                .messageAttributeNames("All")).messages();
    }

    @Test
    void drain_500JobsWithDuplicates_exactlyOneWritePerAsset() {
        List<PermalinkJob> jobs = new ArrayList<>();
        List<String> dedupIds = new ArrayList<>();
        List<String> assets = new ArrayList<>();
        for (int i = 0; i < 470; i++) {
            String uid = String.format("bltasset%05d", i);
            cma.createAsset(API_KEY, uid, uid + ".png", "image/png");
            assets.add(uid);
            jobs.add(job(uid));
            dedupIds.add(job(uid).deduplicationId());
        }
        for (int i = 0; i < 20; i++) {
            // A webhook delivered twice inside SQS's window: same deduplication id.
            jobs.add(job(assets.get(i * 7)));
            dedupIds.add(job(assets.get(i * 7)).deduplicationId());
        }
        for (int i = 0; i < 8; i++) {
            // Redeliveries SQS cannot collapse (outside its five minutes): a different deduplication id.
            jobs.add(job(assets.get(100 + i)));
            dedupIds.add(UUID.randomUUID().toString());
        }
        // Three messages for one asset.
        jobs.add(job(assets.get(200)));
        dedupIds.add(UUID.randomUUID().toString());
        jobs.add(job(assets.get(200)));
        dedupIds.add(UUID.randomUUID().toString());
        assertThat(jobs).hasSize(500);
        send(jobs, dedupIds);

        startPoller();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> assets.stream().allMatch(uid -> cma.permanentUrl(API_KEY, uid) != null)
                        && visible(queueUrl) == 0);

        for (String uid : assets) {
            assertThat(cma.permanentUrl(API_KEY, uid)).isEqualTo(PermanentUrl.of(API_KEY, job(uid).asset(), Region.NA,
                    null));
            assertThat(cma.writesFor(uid)).as("writes for %s", uid).isEqualTo(1);
        }
        assertThat(assets.stream().mapToInt(cma::putCallsFor).sum()).isEqualTo(assets.size());
        assertThat(visible(dlqUrl)).isZero();
        List<Long> times = cma.writeTimesNanos().stream().sorted().toList();
        double seconds = (times.get(times.size() - 1) - times.get(0)) / 1e9;
        double rate = (times.size() - 1) / seconds;
        System.out.printf("500-job drain: %d assets, %.1f writes/s against a limit of %d = %.2f of the limit, "
                        + "%d 429s, %.3f PUT calls per asset%n", assets.size(), rate, RATE_LIMIT, rate / RATE_LIMIT,
                cma.throttled(), assets.stream().mapToInt(cma::putCallsFor).sum() / (double) assets.size());
    }

    @Test
    void drain_withServerErrorsAndThrottling_exactlyOneWritePerAssetNothingLost() {
        cma.faults(Faults.none().withServerErrorRate(0.10).withThrottleRate(0.05).withSeed(42));
        List<String> assets = new ArrayList<>();
        List<PermalinkJob> jobs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String uid = String.format("bltfault%05d", i);
            cma.createAsset(API_KEY, uid, uid + ".png", "image/png");
            assets.add(uid);
            jobs.add(job(uid));
        }
        send(jobs, jobs.stream().map(PermalinkJob::deduplicationId).toList());

        startPoller();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> visible(queueUrl) == 0);

        assertThat(cma.injectedErrors()).isPositive();
        assertThat(cma.throttled()).isPositive();
        for (String uid : assets) {
            assertThat(cma.permanentUrl(API_KEY, uid)).as("permanent URL of %s", uid).isNotNull();
            assertThat(cma.writesFor(uid)).isEqualTo(1);
        }
        assertThat(visible(dlqUrl)).isZero();
    }

    @Test
    void deletedAsset_endsInDlqWithAssetDeleted() {
        cma.createAsset(API_KEY, "bltgone0001", "gone.png", "image/png");
        cma.deleteAsset(API_KEY, "bltgone0001");
        sendOne(job("bltgone0001"));

        startPoller();
        await().atMost(Duration.ofSeconds(30)).until(() -> visible(dlqUrl) == 1 && visible(queueUrl) == 0);

        Message dead = dlqMessages().get(0);
        assertThat(dead.messageAttributes().get(FailureAttributes.CODE).stringValue()).isEqualTo("asset_deleted");
        assertThat(dead.messageAttributes().get(FailureAttributes.DETAIL).stringValue()).contains("422 error_code 145");
        assertThat(dead.messageAttributes().get(FailureAttributes.ATTEMPTS).stringValue()).isEqualTo("1");
        assertThat(dead.messageAttributes()).containsKeys(FailureAttributes.AT, FailureAttributes.SOURCE_MESSAGE_ID);
        assertThat(json.read(dead.body(), PermalinkJob.class)).isEqualTo(job("bltgone0001"));
        assertThat(dead.body()).doesNotContain(TOKEN);
    }

    @Test
    void revokedToken_endsInDlqWithUnauthorized() {
        cma.createAsset(API_KEY, "bltrevoked01", "r.png", "image/png");
        cma.revokeToken();
        sendOne(job("bltrevoked01"));

        startPoller();
        await().atMost(Duration.ofSeconds(30)).until(() -> visible(dlqUrl) == 1 && visible(queueUrl) == 0);

        assertThat(dlqMessages().get(0).messageAttributes().get(FailureAttributes.CODE).stringValue())
                .isEqualTo("unauthorized");
        assertThat(cma.permanentUrl(API_KEY, "bltrevoked01")).isNull();
    }

    @Test
    void persistentTransientFailure_reachesDlqThroughMaxReceiveCount() {
        cma.createAsset(API_KEY, "bltflaky0001", "f.png", "image/png");
        cma.forceStatus("bltflaky0001", 503);
        sendOne(job("bltflaky0001"));

        startPoller();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> visible(dlqUrl) == 1 && visible(queueUrl) == 0);

        Message dead = dlqMessages().get(0);
        // Moved by the queue's redrive policy, not by the worker: no failure attributes.
        assertThat(dead.messageAttributes()).doesNotContainKey(FailureAttributes.CODE);
        assertThat(cma.putCallsFor("bltflaky0001")).isGreaterThanOrEqualTo(MAX_RECEIVE_COUNT);
    }

    @Test
    void invocationOutOfTime_reportsRestFailedAndTheyAreDoneLater() throws IOException {
        cma.faults(Faults.none().withLatency(Duration.ofMillis(300)));
        WorkerHandler handler = handler("PT0.5S");
        List<Message> records = new ArrayList<>();
        // 40 jobs of 300 ms each, 4 groups at a time: about 3 s of work for a 1.2 s budget.
        for (int i = 0; i < 40; i++) {
            String uid = String.format("blttime%05d", i);
            cma.createAsset(API_KEY, uid, uid + ".png", "image/png");
            records.add(Message.builder().messageId("m" + i).body(json.write(job(uid)))
                    .attributesWithStrings(Map.of("MessageGroupId", uid, "ApproximateReceiveCount", "1")).build());
        }

        List<String> failed = invoke(handler, records,
                BudgetContext.withRemaining(WorkerHandler.SAFETY_MARGIN.plus(Duration.ofMillis(1200))));

        assertThat(failed).isNotEmpty().hasSizeLessThan(40);
        for (Message record : records) {
            String uid = json.read(record.body(), PermalinkJob.class).assetUid();
            assertThat(cma.permanentUrl(API_KEY, uid) == null).as("%s unfinished iff reported failed", uid)
                    .isEqualTo(failed.contains(record.messageId()));
        }

        List<String> second = invoke(handler, records.stream().filter(r -> failed.contains(r.messageId())).toList(),
                BudgetContext.withRemaining(Duration.ofSeconds(30)));

        assertThat(second).isEmpty();
        for (Message record : records) {
            String uid = json.read(record.body(), PermalinkJob.class).assetUid();
            assertThat(cma.writesFor(uid)).isEqualTo(1);
        }
    }

    /** One invocation with Lambda's SQS event; the ids the handler reported failed. */
    private List<String> invoke(WorkerHandler handler, List<Message> records, BudgetContext context)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(new SqsLambdaEvents(json).event(queueUrl, records)), out,
                context);
        List<String> failed = new ArrayList<>();
        for (JsonNode failure : json.readTree(out.toByteArray()).path("batchItemFailures")) {
            failed.add(failure.path("itemIdentifier").asText());
        }
        return failed;
    }
}
