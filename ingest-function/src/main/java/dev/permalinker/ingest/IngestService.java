package dev.permalinker.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.ingest.IngestResult.Ignored;
import dev.permalinker.ingest.IngestResult.Queued;
import dev.permalinker.ingest.IngestResult.QueuedRelease;
import dev.permalinker.ingest.IngestResult.Rejected;
import dev.permalinker.ingest.verify.RequestVerifier;
import dev.permalinker.ingest.verify.WebhookAuthentication;
import dev.permalinker.model.JobPublisher;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.WebhookEvent;
import dev.permalinker.telemetry.PipelineMetric;
import dev.permalinker.telemetry.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Turns one webhook request into exactly one queued job, or a clear refusal. Knows nothing of AWS.
 *
 * <p>Checks run in the contract's order: method and path, size, content type, authentication over the raw bytes,
 * JSON, schema, replay window, stack, event filter, enqueue. Nothing is answered 2xx without a confirmed enqueue.
 */
public final class IngestService {
    public static final String PATH = "/webhooks/contentstack";
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    private final Set<String> apiKeys;
    private final List<RequestVerifier> verifiers;
    private final Duration replayWindow;
    private final int maxBodyBytes;
    private final WebhookParser parser;
    private final JobPublisher publisher;
    private final Clock clock;
    private final Metrics metrics;
    /** Release-triggered webhooks to the actions queue, or {@link ReleaseRouting#OFF}. */
    private final ReleaseRouting releases;

    public IngestService(Set<String> apiKeys, List<RequestVerifier> verifiers, Duration replayWindow, int maxBodyBytes,
                         JsonCodec json, JobPublisher publisher, Clock clock) {
        this(apiKeys, verifiers, replayWindow, maxBodyBytes, json, publisher, clock, Metrics.NONE);
    }

    public IngestService(Set<String> apiKeys, List<RequestVerifier> verifiers, Duration replayWindow, int maxBodyBytes,
                         JsonCodec json, JobPublisher publisher, Clock clock, Metrics metrics) {
        this(apiKeys, verifiers, replayWindow, maxBodyBytes, json, publisher, clock, metrics, ReleaseRouting.OFF);
    }

    /** As above, with release-triggered webhooks routed by {@code releases} (release actions). */
    public IngestService(Set<String> apiKeys, List<RequestVerifier> verifiers, Duration replayWindow, int maxBodyBytes,
                         JsonCodec json, JobPublisher publisher, Clock clock, Metrics metrics,
                         ReleaseRouting releases) {
        if (verifiers.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook authentication method must be configured");
        }
        this.apiKeys = Set.copyOf(apiKeys);
        this.verifiers = List.copyOf(verifiers);
        this.replayWindow = replayWindow;
        this.maxBodyBytes = maxBodyBytes;
        this.parser = new WebhookParser(json);
        this.publisher = publisher;
        this.clock = clock;
        this.metrics = metrics;
        this.releases = releases;
    }

    /**
     * The service a configuration describes; the secrets in {@code config} must already be resolved. For
     * Contentstack's certificate signature the signing key is fetched here, once.
     */
    public static IngestService create(IngestConfig config, JsonCodec json, JobPublisher publisher, Clock clock) {
        return create(config, json, publisher, clock, Metrics.NONE);
    }

    /** As above, counting every answer in {@link PipelineMetric#WEBHOOKS}. */
    public static IngestService create(IngestConfig config, JsonCodec json, JobPublisher publisher, Clock clock,
                                       Metrics metrics) {
        return new IngestService(config.apiKeys(), WebhookAuthentication.verifiers(config, json, clock),
                config.replayWindow(), config.maxBodyBytes(), json, publisher, clock, metrics);
    }

    /** As above, with release actions routed by {@code releases}. */
    public static IngestService create(IngestConfig config, JsonCodec json, JobPublisher publisher, Clock clock,
                                       Metrics metrics, ReleaseRouting releases) {
        return new IngestService(config.apiKeys(), WebhookAuthentication.verifiers(config, json, clock),
                config.replayWindow(), config.maxBodyBytes(), json, publisher, clock, metrics, releases);
    }

    /** The largest body taken ({@code MAX_BODY_BYTES}); a larger one is answered 413. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public IngestResult handle(InboundRequest request) {
        long started = System.nanoTime();
        IngestResult result;
        String detail;
        String assetUid = null;
        String apiKey = null;
        String branch = null;
        try {
            Outcome outcome = decide(request);
            result = outcome.result();
            detail = outcome.logDetail();
            assetUid = outcome.assetUid();
            apiKey = outcome.apiKey();
            branch = outcome.branch();
        } catch (RuntimeException e) {
            // An unexpected failure must not turn into a 2xx: Contentstack retries on 5xx.
            result = new Rejected(ErrorCode.QUEUE_UNAVAILABLE, "internal error, retry later");
            detail = e.getClass().getSimpleName();
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        LoggingEventBuilder line = (result.status() >= 500 ? LOG.atWarn() : LOG.atInfo())
                .addKeyValue("outcome", result.outcome())
                .addKeyValue("status", result.status());
        if (result instanceof Queued queued) {
            line = line.addKeyValue("assetUid", queued.assetUid());
        } else if (assetUid != null) {
            line = line.addKeyValue("assetUid", assetUid);
        }
        if (apiKey != null) {
            line = line.addKeyValue("apiKey", apiKey).addKeyValue("branch", branch);
        }
        if (result instanceof QueuedRelease release) {
            line = line.addKeyValue("release", release.key());
        }
        if (result instanceof Rejected rejected) {
            line = line.addKeyValue("errorCode", rejected.code().wire());
        }
        line.addKeyValue("durationMs", durationMs).addKeyValue("detail", detail)
                .log("webhook answered {}", result.status());
        metrics.count(PipelineMetric.WEBHOOKS, Integer.toString(result.status()));
        return result;
    }

    /** @param assetUid the asset a refused asset creation was about, for the log line ({@code trace}) */
    /** {@code apiKey} and {@code branch}: the queued job's, on the line so {@code trace} can tell stacks apart. */
    private record Outcome(IngestResult result, String logDetail, String assetUid, String apiKey, String branch) {
        Outcome(IngestResult result, String logDetail) {
            this(result, logDetail, null, null, null);
        }
    }

    private Outcome decide(InboundRequest request) {
        if (!PATH.equals(request.path())) {
            return reject(ErrorCode.NOT_FOUND, "no such endpoint; webhooks go to POST " + PATH);
        }
        if (!"POST".equalsIgnoreCase(request.method())) {
            return reject(ErrorCode.METHOD_NOT_ALLOWED, "use POST");
        }
        if (request.rawBody().length > maxBodyBytes) {
            return reject(ErrorCode.PAYLOAD_TOO_LARGE, "body exceeds " + maxBodyBytes + " bytes");
        }
        if (!isJson(request.header("Content-Type"))) {
            return reject(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
        }
        for (RequestVerifier verifier : verifiers) {
            RequestVerifier.Verdict verdict = verifier.verify(request);
            if (!verdict.passed()) {
                // The sender learns only that authentication failed; the log says which check, never a value.
                return new Outcome(new Rejected(ErrorCode.UNAUTHENTICATED, "authentication failed: "
                        + verdict.reason()), verdict.reason());
            }
        }
        WebhookEvent event;
        JsonNode root;
        try {
            root = parser.readTree(request.rawBody());
            event = parser.parse(root);
        } catch (WebhookParser.InvalidWebhookException e) {
            return reject(e.code(), e.getMessage());
        }
        Instant now = clock.instant();
        if (event.triggeredAt().isBefore(now.minus(replayWindow))) {
            return new Outcome(new Rejected(ErrorCode.UNAUTHENTICATED, "triggered_at is outside the replay window"),
                    "triggered_at older than " + replayWindow);
        }
        if (event.triggeredAt().isAfter(now.plus(IngestConfig.MAX_CLOCK_SKEW))) {
            return new Outcome(new Rejected(ErrorCode.UNAUTHENTICATED, "triggered_at is outside the replay window"),
                    "triggered_at more than " + IngestConfig.MAX_CLOCK_SKEW + " in the future");
        }
        if (!apiKeys.contains(event.apiKey())) {
            return reject(ErrorCode.UNKNOWN_STACK, "this endpoint does not serve the stack " + event.apiKey());
        }
        if (!event.isAssetCreation()) {
            IngestResult release = releases.route(root, event, now);
            if (release != null) {
                return new Outcome(release, release instanceof QueuedRelease queued ? "release=" + queued.key()
                        : release.outcome());
            }
        }
        if (!WebhookEvent.MODULE_ASSET.equals(event.module())) {
            return new Outcome(new Ignored("module is " + event.module() + ", not asset"), "module=" + event.module());
        }
        if (!WebhookEvent.EVENT_CREATE.equals(event.event())) {
            return new Outcome(new Ignored("event is " + event.event() + ", not create"), "event=" + event.event());
        }
        if (event.asset().folder()) {
            return new Outcome(new Ignored("a folder gets no permanent URL"), "is_dir=true");
        }
        PermalinkJob job = PermalinkJob.of(event, now);
        try {
            publisher.publish(job);
        } catch (JobPublisher.PublishException e) {
            return new Outcome(new Rejected(ErrorCode.QUEUE_UNAVAILABLE, "the queue is unavailable, retry later"),
                    e.getMessage(), job.assetUid(), job.apiKey(), job.branch());
        }
        return new Outcome(new Queued(job.assetUid()), "branch=" + job.branch() + (job.isConcise() ? " concise" : ""),
                job.assetUid(), job.apiKey(), job.branch());
    }

    private static Outcome reject(ErrorCode code, String message) {
        return new Outcome(new Rejected(code, message), message);
    }

    /** Whether a {@code Content-Type} names JSON ({@code application/json}, any parameters). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json");
    }
}
