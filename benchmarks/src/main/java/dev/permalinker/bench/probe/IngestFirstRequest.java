package dev.permalinker.bench.probe;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.permalinker.ingest.IngestHandler;
import java.util.Map;

/**
 * Cold-start probe, run in a fresh JVM on the ingest Lambda jar alone: builds the handler as the runtime does and
 * prints {@code READY <status>} after the first answer. Argument: the webhook body; env: the ingest's variables.
 */
public final class IngestFirstRequest {
    private IngestFirstRequest() {
    }

    public static void main(String[] args) {
        IngestHandler handler = new IngestHandler();
        APIGatewayV2HTTPResponse response = handler.handleRequest(APIGatewayV2HTTPEvent.builder()
                .withRawPath("/webhooks/contentstack")
                .withHeaders(Map.of("content-type", "application/json", "secret", args[1]))
                .withBody(args[0])
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
                        .build())
                .build(), null);
        System.out.println("READY " + response.getStatusCode());
        System.out.flush();
    }
}
