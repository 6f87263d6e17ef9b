package dev.permalinker.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.SqsJobPublisher;
import dev.permalinker.ingest.aws.HttpApiEvents;
import dev.permalinker.ingest.aws.IngestPriming;
import dev.permalinker.ingest.aws.SqsReleaseActionPublisher;
import dev.permalinker.model.JobPublisher;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.telemetry.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.MDC;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The ingest Lambda: reads an API Gateway HTTP API (payload 2.0) event into an {@link InboundRequest}, and writes
 * the {@link IngestResult} back as a JSON response. A stream handler: the event is read with the project's JSON
 * codec, not the runtime's reflection-based serializer. All the work is in {@link IngestService}.
 *
 * <p>Everything expensive (configuration, secrets, the SQS client) is built once per container by {@link #create},
 * the composition root, so it also lands in a SnapStart snapshot; {@link IngestPriming} then runs the request path once
 * before the snapshot. Each answer is counted in the {@code Webhooks} metric, flushed at the end of the invocation;
 * log lines carry the invocation's {@code requestId}.
 */
public final class IngestHandler implements RequestStreamHandler {
    /**
     * One {@code SendMessage}, the SDK's own retries included. A failed one is tried again within
     * {@link RetryingJobPublisher#DEFAULT_BUDGET} (5 s, all tries), then answered 503: well inside the 30 s
     * Contentstack and API Gateway wait, and the function's 10 s timeout.
     */
    private static final Duration SQS_CALL_TIMEOUT = Duration.ofSeconds(2);
    private static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json");
    private static final Map<String, String> METHOD_NOT_ALLOWED_HEADERS =
            Map.of("Content-Type", "application/json", "Allow", "POST");

    private final IngestService service;
    private final JsonCodec json;
    private final HttpApiEvents events;
    private final Metrics metrics;
    /** Held here: CRaC keeps only weak references to registered resources. */
    private final IngestPriming priming;

    /** Called by the Lambda runtime, once per container. */
    public IngestHandler() {
        this(create(System.getenv()));
    }

    private IngestHandler(IngestHandler built) {
        this(built.service, built.json, built.metrics, built.priming);
    }

    /**
     * A handler over a given service (tests, priming itself); {@code priming} ({@code null} for none) is held, and
     * registered by whoever built it.
     */
    public IngestHandler(IngestService service, JsonCodec json, Metrics metrics, IngestPriming priming) {
        this.service = service;
        this.json = json;
        this.events = new HttpApiEvents(json);
        this.metrics = metrics;
        this.priming = priming;
    }

    /**
     * The composition root: the configuration, release actions' and the metrics' from {@code env} (read once), the
     * secrets resolved, the SQS client, the job publisher that retries a failed enqueue within
     * {@link RetryingJobPublisher#DEFAULT_BUDGET}, release routing, the service (the certificate method fetches its
     * signing key here), and the SnapStart priming. The local runner's {@code serve} builds its ingest here too.
     */
    public static IngestHandler create(Map<String, String> env) {
        IngestConfig config = IngestConfig.fromEnv(env);
        ReleaseActionsConfig releases = ReleaseActionsConfig.fromEnv(env);
        Metrics metrics = Metrics.fromEnv(env);
        JsonCodec json = JsonCodec.create();
        AwsClients aws = AwsClients.create(config.aws());
        IngestConfig resolved = config.withResolvedSecrets(aws.secrets(json));
        SqsClient sqs = aws.sqs(SQS_CALL_TIMEOUT);
        JobPublisher jobs = RetryingJobPublisher.create(new SqsJobPublisher(sqs, resolved.queueUrl(), json),
                SQS_CALL_TIMEOUT);
        ReleaseRouting routing = ReleaseRouting.create(releases,
                new SqsReleaseActionPublisher(sqs, releases.actionsQueueUrl(), json));
        IngestService service = IngestService.create(resolved, json, jobs, Clock.systemUTC(), metrics, routing);
        IngestPriming priming = new IngestPriming(resolved, sqs, json, Clock.systemUTC());
        priming.register();
        return new IngestHandler(service, json, metrics, priming);
    }

    /** The largest body the service takes ({@code MAX_BODY_BYTES}): a server reads at most one byte more. */
    public int maxBodyBytes() {
        return service.maxBodyBytes();
    }

    /**
     * One request as the local runner's HTTP server reads it: the same service, metrics flushed as after an
     * invocation.
     */
    public IngestResult handle(InboundRequest request) {
        try {
            return service.handle(request);
        } finally {
            metrics.flush();
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        if (context != null) {
            MDC.put("requestId", context.getAwsRequestId());
        }
        try {
            IngestResult result;
            try {
                result = service.handle(events.request(input.readAllBytes()));
            } catch (HttpApiEvents.BadBodyException e) {
                result = unreadableBody(e);
            }
            output.write(events.response(result.status(),
                    result.status() == 405 ? METHOD_NOT_ALLOWED_HEADERS : JSON_HEADERS, json.write(result.body())));
        } finally {
            metrics.flush();
            MDC.remove("requestId");
        }
    }

    /**
     * A body marked base64 that is not: the checks that come before the body in the contract's order (path, method,
     * content type) answer first (404, 405, 415), through the service; else 400 {@code invalid_json}.
     */
    private IngestResult unreadableBody(HttpApiEvents.BadBodyException e) {
        InboundRequest headersOnly = e.headersOnly();
        boolean answeredBeforeTheBody = !IngestService.PATH.equals(headersOnly.path())
                || !"POST".equalsIgnoreCase(headersOnly.method())
                || !IngestService.isJson(headersOnly.header("Content-Type"));
        return answeredBeforeTheBody ? service.handle(headersOnly)
                : new IngestResult.Rejected(ErrorCode.INVALID_JSON, e.getMessage());
    }

    /** The SnapStart priming this container registered, or {@code null}. */
    public IngestPriming priming() {
        return priming;
    }
}
