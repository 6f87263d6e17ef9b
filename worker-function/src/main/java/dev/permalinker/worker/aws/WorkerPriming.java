package dev.permalinker.worker.aws;

import dev.permalinker.aws.PrimingServer;
import dev.permalinker.aws.SnapStartPriming;
import dev.permalinker.aws.SqsLambdaEvents;
import dev.permalinker.cma.ContentstackClient;
import dev.permalinker.retry.Deadline;
import dev.permalinker.cma.ManagementTokens;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.telemetry.EmfMetrics;
import dev.permalinker.telemetry.Metrics;
import dev.permalinker.worker.BatchProcessor;
import dev.permalinker.worker.CmaMetrics;
import dev.permalinker.worker.JitterRandom;
import dev.permalinker.worker.PermanentUrlEvents;
import dev.permalinker.worker.WorkerConfig;
import dev.permalinker.worker.WorkerHandler;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * SnapStart priming of the worker: before Lambda takes the snapshot ({@code beforeCheckpoint}), runs a batch through
 * the real code, so a restored container does not pay the first batch's class loading and first pass.
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html
 *
 * <p>What runs at snapshot time, and what it touches:
 * <ul>
 *   <li>a built-in SQS event of two jobs (one complete, one concise and redelivered) goes through the event
 *       parser, the batch processor, the permalink service with its own rate limiter and the CMA client's request
 *       building and response parsing, against a CMA that answers like Contentstack from a loopback port inside
 *       this process: one {@code GET} and two {@code PUT}s, no call leaves the process, no token is sent (the
 *       priming client has a placeholder), nothing is dead-lettered;</li>
 *   <li>one read-only SQS call on the real client, {@code GetQueueAttributes} on the dead-letter queue, which
 *       warms the SDK's pipeline, signer, credentials and HTTP client.</li>
 * </ul>
 * It records no metric; the real service's rate limiter and recently-done cache are untouched. Logging and
 * failures: {@link SnapStartPriming}.
 *
 * <p>{@code afterRestore} re-seeds the backoff jitter ({@link JitterRandom}). The real CMA client opened no
 * connection before the snapshot; the JDK drops the SQS call's keep-alive connection once idle past its timeout,
 * in wall-clock time, which a restore moves on; the SDK re-reads expiring credentials itself.
 */
public final class WorkerPriming extends SnapStartPriming<WorkerPriming.Report> {
    private static final String API_KEY = PrimingServer.STACK;

    private final WorkerConfig config;
    private final SqsClient sqs;
    private final JsonCodec json;
    private final JitterRandom jitter;

    /** What one priming run did. */
    public record Report(int failures, int cmaCalls, boolean sqsAnswered) {
    }

    public WorkerPriming(WorkerConfig config, SqsClient sqs, JsonCodec json, JitterRandom jitter) {
        this.config = config;
        this.sqs = sqs;
        this.json = json;
        this.jitter = jitter;
    }

    @Override
    protected void restored() {
        jitter.reseed();
    }

    @Override
    protected Report incomplete() {
        return new Report(-1, 0, false);
    }

    @Override
    protected Report run() throws IOException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (PrimingServer cma = PrimingServer.start(json, Map.of("/v3/assets/", this::asset))) {
            // Metrics take their real code path into a writer that drops them: priming records no metric.
            Metrics discarded = new EmfMetrics("priming", "priming", (line, level) -> { }, Clock.systemUTC());
            ContentstackClient client = new ContentstackClient(http, cma.endpoint(),
                    ManagementTokens.forAnyStack("priming-placeholder"), json, new CmaMetrics(discarded));
            List<String> deadLettered = new ArrayList<>();
            BatchProcessor processor = new BatchProcessor(WorkerHandler.create(config, client),
                    (message, code, detail, attempts) -> deadLettered.add(message.messageId()), json, 1,
                    discarded, Clock.systemUTC());
            byte[] answer = new WorkerHandler(processor, new SqsEvents(json), discarded, null,
                    PermanentUrlEvents.NONE).handle(event(), Deadline.after(Duration.ofSeconds(20)));
            discarded.flush();
            int failures = json.readTree(answer).path("batchItemFailures").size() + deadLettered.size();
            return new Report(failures, cma.requests(), readQueue(sqs, config.dlqUrl()));
        } finally {
            if (http instanceof AutoCloseable closeable) {
                closeQuietly(closeable);
            }
        }
    }

    /** Two jobs as Lambda's SQS event source delivers them: one complete, one concise and on its second delivery. */
    private byte[] event() {
        String now = Instant.now().toString();
        PermalinkJob complete = new PermalinkJob(PermalinkJob.VERSION, API_KEY, "main", "bltprimingasset01",
                "priming.png", PrimingServer.assetUrl(config.region().imagesHost(), "bltprimingasset01"), "image/png",
                now, now);
        PermalinkJob concise = new PermalinkJob(PermalinkJob.VERSION, API_KEY, "main", "bltprimingasset02", null,
                null, null, now, now);
        return new SqsLambdaEvents(json).event("priming", List.of(message("priming-1", complete, 1),
                message("priming-2", concise, 2)));
    }

    private Message message(String messageId, PermalinkJob job, int receiveCount) {
        return Message.builder().messageId(messageId).body(json.write(job)).attributesWithStrings(Map.of(
                SqsEvents.MESSAGE_GROUP_ID, job.assetUid(),
                SqsEvents.APPROXIMATE_RECEIVE_COUNT, Integer.toString(receiveCount))).build();
    }

    /**
     * {@code GET} and {@code PUT /v3/assets/{uid}} as the CMA answers them: the asset, with the permanent URL the
     * request set.
     */
    private PrimingServer.Answer asset(PrimingServer.Request request) {
        String uid = request.path().substring("/v3/assets/".length());
        Map<String, Object> asset = PrimingServer.cmaAsset(config.region().imagesHost(), uid);
        Map<String, Object> body = new LinkedHashMap<>();
        if ("PUT".equals(request.method())) {
            asset.put("permanent_url", request.body().path("asset").path("permanent_url").asText());
            body.put("notice", "Asset updated successfully.");
        }
        body.put("asset", asset);
        return PrimingServer.Answer.cma(body);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Priming is over; a client that does not close cleanly only lingers until collected.
        }
    }
}
