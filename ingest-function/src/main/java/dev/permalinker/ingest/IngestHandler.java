package dev.permalinker.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.SqsJobPublisher;
import dev.permalinker.ingest.aws.HttpApiEvents;
import dev.permalinker.ingest.aws.IngestPriming;
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
    /** Contentstack waits 30 s and API Gateway 30 s; an enqueue that takes longer is answered 503 well before. */
    private static final Duration SQS_CALL_TIMEOUT = Duration.ofSeconds(8);
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
        this(IngestConfig.fromEnv(System.getenv()), Metrics.fromEnv(System.getenv()));
    }

    IngestHandler(IngestConfig config, Metrics metrics) {
        this(config, AwsClients.create(config.awsRegion(), config.sqsEndpoint()), JsonCodec.create(), metrics);
    }

    private IngestHandler(IngestConfig config, AwsClients aws, JsonCodec json, Metrics metrics) {
        this(config.withResolvedSecrets(aws.secrets(json)), aws.sqs(SQS_CALL_TIMEOUT), json, metrics);
    }

    private IngestHandler(IngestConfig resolved, SqsClient sqs, JsonCodec json, Metrics metrics) {
        this(IngestService.create(resolved, json, new SqsJobPublisher(sqs, resolved.queueUrl(), json),
                Clock.systemUTC(), metrics), json, metrics,
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
                result = new IngestResult.Rejected(ErrorCode.INVALID_JSON, e.getMessage());
            }
            output.write(events.response(result.status(),
                    result.status() == 405 ? METHOD_NOT_ALLOWED_HEADERS : JSON_HEADERS, json.write(result.body())));
        } finally {
            metrics.flush();
            MDC.remove("requestId");
        }
    }

    /** The SnapStart priming this container registered, or {@code null}. */
    public IngestPriming priming() {
        return priming;
    }
}
