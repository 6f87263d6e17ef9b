package dev.permalinker.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.permalinker.ingest.aws.SqsJobPublisher;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.aws.AwsClients;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * The ingest Lambda: translates an API Gateway HTTP API (payload v2) event into an {@link InboundRequest}, and the
 * {@link IngestResult} back into a JSON response. All the work is in {@link IngestService}.
 *
 * <p>Everything expensive (configuration, secrets, the SQS client) is built once per container, in the no-arg
 * constructor, so it also lands in a SnapStart snapshot.
 */
public final class IngestHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /** Contentstack waits 30 s and API Gateway 30 s; an enqueue that takes longer is answered 503 well before. */
    private static final Duration SQS_CALL_TIMEOUT = Duration.ofSeconds(8);
    private static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json");

    private final IngestService service;
    private final JsonCodec json;

    /** Called by the Lambda runtime, once per container. */
    public IngestHandler() {
        this(IngestConfig.fromEnv(System.getenv()));
    }

    IngestHandler(IngestConfig config) {
        this(config, AwsClients.create(config.awsRegion(), config.sqsEndpoint()));
    }

    private IngestHandler(IngestConfig config, AwsClients aws) {
        this.json = JsonCodec.create();
        IngestConfig resolved = config.withResolvedSecrets(aws.secrets(json));
        this.service = IngestService.create(resolved, json,
                new SqsJobPublisher(aws.sqs(SQS_CALL_TIMEOUT), resolved.queueUrl(), json), Clock.systemUTC());
    }

    public IngestHandler(IngestService service, JsonCodec json) {
        this.service = service;
        this.json = json;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        IngestResult result;
        try {
            result = service.handle(toRequest(event));
        } catch (IllegalArgumentException e) {
            // isBase64Encoded with a body that is not base64: nothing to verify or parse.
            result = new IngestResult.Rejected(ErrorCode.INVALID_JSON, "body is marked base64 but is not");
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(result.status())
                .withHeaders(result.status() == 405 ? Map.of("Content-Type", "application/json", "Allow", "POST")
                        : JSON_HEADERS)
                .withBody(json.write(result.body()))
                .withIsBase64Encoded(false)
                .build();
    }

    static InboundRequest toRequest(APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "GET";
        String path = event.getRawPath() != null ? event.getRawPath()
                : event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getPath() : "/";
        String body = event.getBody();
        byte[] raw;
        if (body == null) {
            raw = new byte[0];
        } else if (event.getIsBase64Encoded()) {
            raw = Base64.getDecoder().decode(body);
        } else {
            raw = body.getBytes(StandardCharsets.UTF_8);
        }
        return new InboundRequest(method, path, event.getHeaders() == null ? Map.of() : event.getHeaders(), raw);
    }
}
