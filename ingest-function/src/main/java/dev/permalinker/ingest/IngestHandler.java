package dev.permalinker.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.SqsJobPublisher;
import dev.permalinker.ingest.aws.HttpApiEvents;
import dev.permalinker.ingest.aws.IngestPriming;
import dev.permalinker.ingest.aws.SqsReleaseActionPublisher;
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
 * <p>Everything expensive (configuration, secrets, the SQS client) is built once per container, in the no-arg
 * constructor, so it also lands in a SnapStart snapshot; {@link IngestPriming} then runs the request path once
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
        this(System.getenv());
    }

    /** The environment read once; the configuration records, release actions' and the metrics' come from it. */
    private IngestHandler(Map<String, String> env) {
        this(IngestConfig.fromEnv(env), ReleaseActionsConfig.fromEnv(env), Metrics.fromEnv(env));
    }

    IngestHandler(IngestConfig config, Metrics metrics) {
        this(config, ReleaseActionsConfig.OFF, metrics);
    }

    IngestHandler(IngestConfig config, ReleaseActionsConfig releases, Metrics metrics) {
        this(config, releases, AwsClients.create(config.awsRegion(), config.sqsEndpoint()), JsonCodec.create(),
                metrics);
    }

    private IngestHandler(IngestConfig config, ReleaseActionsConfig releases, AwsClients aws, JsonCodec json,
                          Metrics metrics) {
        this(config.withResolvedSecrets(aws.secrets(json)), releases, aws.sqs(SQS_CALL_TIMEOUT), json, metrics);
    }

    private IngestHandler(IngestConfig resolved, ReleaseActionsConfig releases, SqsClient sqs, JsonCodec json,
                          Metrics metrics) {
        this(IngestService.create(resolved, json, RetryingJobPublisher.create(
                new SqsJobPublisher(sqs, resolved.queueUrl(), json), SQS_CALL_TIMEOUT),
                Clock.systemUTC(), metrics, ReleaseRouting.create(releases,
                        new SqsReleaseActionPublisher(sqs, releases.actionsQueueUrl(), json))), json, metrics,
                new IngestPriming(resolved, sqs, json, Clock.systemUTC()));
    }

    /** A handler over a given service, without metrics or priming (tests, the local runner, priming itself). */
    public IngestHandler(IngestService service, JsonCodec json) {
        this(service, json, Metrics.NONE, null);
    }

    private IngestHandler(IngestService service, JsonCodec json, Metrics metrics, IngestPriming priming) {
        this.service = service;
        this.json = json;
        this.events = new HttpApiEvents(json);
        this.metrics = metrics;
        this.priming = priming;
        if (priming != null) {
            priming.register();
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
