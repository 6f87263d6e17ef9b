package dev.permalinker.reconcile.function.aws;

import dev.permalinker.aws.PrimingServer;
import dev.permalinker.aws.SnapStartPriming;
import dev.permalinker.retry.Deadline;
import dev.permalinker.cma.ManagementTokens;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.reconcile.ReconcileConfig;
import dev.permalinker.reconcile.Reconciler;
import dev.permalinker.reconcile.function.ReconcilerHandler;
import dev.permalinker.telemetry.EmfMetrics;
import dev.permalinker.telemetry.Metrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SnapStart priming of the reconciler: before Lambda takes the snapshot ({@code beforeCheckpoint}), runs one
 * reconciliation through the real code, so a restored container does not pay the first run's class loading.
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html
 *
 * <p>What runs at snapshot time, and what it touches:
 * <ul>
 *   <li>a scheduled event through the handler, the reconciler, the asset scan and the webhook check, against a CMA
 *       that answers like Contentstack from a loopback port inside this process (one asset page per configured stack
 *       and branch, one webhook list per stack; one asset without a permanent URL in each page), with a placeholder
 *       token: no call leaves the process, no token is sent; the jobs it finds are kept in memory, nothing is
 *       queued;</li>
 *   <li>one read-only SQS call on the real client, {@code GetQueueAttributes} on the job queue, which warms the
 *       SDK's pipeline, signer, credentials and HTTP client.</li>
 * </ul>
 * It records no metric, and builds its own read budget: the real one is untouched. Logging and failures:
 * {@link SnapStartPriming}.
 */
public final class ReconcilerPriming extends SnapStartPriming<ReconcilerPriming.Report> {
    private final ReconcileConfig config;
    private final SqsClient sqs;
    private final JsonCodec json;

    /** What one priming run did. */
    public record Report(int cmaCalls, int jobsKept, int problems, boolean sqsAnswered) {
    }

    public ReconcilerPriming(ReconcileConfig config, SqsClient sqs, JsonCodec json) {
        this.config = config;
        this.sqs = sqs;
        this.json = json;
    }

    @Override
    protected Report incomplete() {
        return new Report(0, 0, -1, false);
    }

    @Override
    protected Report run() throws IOException {
        try (PrimingServer cma = PrimingServer.start(json, Map.of("/v3/assets", request -> assets(),
                "/v3/webhooks", request -> webhooks()))) {
            // Metrics take their real code path into a writer that drops them: priming records no metric.
            Metrics discarded = new EmfMetrics("priming", "priming", (line, level) -> { }, Clock.systemUTC());
            List<PermalinkJob> kept = new ArrayList<>();
            Reconciler reconciler = Reconciler.create(config, cma.endpoint(),
                    ManagementTokens.forAnyStack("priming-placeholder"), kept::add, discarded, json,
                    Clock.systemUTC());
            byte[] event = json.writeBytes(Map.of("version", "0", "id", "priming", "detail-type", "Scheduled Event",
                    "source", "aws.events", "time", Instant.now().toString(), "detail", Map.of()));
            byte[] answer = new ReconcilerHandler(reconciler, json, discarded, null).handle(event,
                    Deadline.after(Duration.ofSeconds(20)));
            discarded.flush();
            int problems = json.readTree(answer).path("problems").size();
            return new Report(cma.requests(), kept.size(), problems, readQueue(sqs, config.queueUrl()));
        }
    }

    /** {@code GET /v3/assets}: two assets an hour old, the older one still without a permanent URL. */
    private PrimingServer.Answer assets() {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        List<Map<String, Object>> assets = List.of(asset("bltprimingasset01", hourAgo, true),
                asset("bltprimingasset02", hourAgo.minusSeconds(60), false));
        return PrimingServer.Answer.cma(Map.of("assets", assets, "count", assets.size()));
    }

    private Map<String, Object> asset(String uid, Instant createdAt, boolean done) {
        Map<String, Object> asset = PrimingServer.cmaAsset(config.region().imagesHost(), uid);
        asset.put("created_at", createdAt.toString());
        if (done) {
            asset.put("permanent_url", "https://" + config.region().imagesHost() + "/v3/assets/"
                    + PrimingServer.STACK + "/" + uid + "/priming.png");
        }
        return asset;
    }

    /** {@code GET /v3/webhooks}: this deployment's webhook, healthy. */
    private PrimingServer.Answer webhooks() {
        String target = config.publicWebhookUrl() != null ? config.publicWebhookUrl().toString()
                : "https://priming.invalid/webhooks/contentstack";
        Map<String, Object> webhook = new LinkedHashMap<>();
        webhook.put("uid", "bltprimingwebhook");
        webhook.put("name", "Permalinker");
        webhook.put("channels", List.of("assets.create"));
        webhook.put("branches", List.of("main"));
        webhook.put("destinations", List.of(Map.of("target_url", target)));
        webhook.put("retry_policy", "automatic");
        webhook.put("disabled", false);
        webhook.put("concise_payload", false);
        webhook.put("unhealthy", Map.of("state", false));
        return PrimingServer.Answer.cma(Map.of("webhooks", List.of(webhook)));
    }
}
