package dev.permalinker.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class IngestHandlerTest {
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final JsonCodec json = JsonCodec.create();
    private final IngestHandler handler = new IngestHandler(
            IngestService.create(IngestConfig.fromEnv(TestWebhooks.env()), json, publisher, TestWebhooks.CLOCK), json);

    private static APIGatewayV2HTTPEvent event(String method, String path, String body, boolean base64) {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(path)
                .withHeaders(TestWebhooks.headers(TestWebhooks.fixture()))
                .withBody(body)
                .withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path).build())
                        .build())
                .build();
    }

    private JsonNode body(APIGatewayV2HTTPResponse response) throws Exception {
        return json.readTree(response.getBody().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void handleRequest_plainBody_202WithJsonBody() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                event("POST", IngestService.PATH, TestWebhooks.fixture(), false), null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
        assertThat(body(response).path("status").asText()).isEqualTo("queued");
        assertThat(body(response).path("assetUid").asText()).isEqualTo(TestWebhooks.ASSET_UID);
        assertThat(publisher.published).hasSize(1);
    }

    @Test
    void handleRequest_base64Body_decodedBeforeSignatureCheck() throws Exception {
        String encoded = Base64.getEncoder().encodeToString(TestWebhooks.utf8(TestWebhooks.fixture()));

        APIGatewayV2HTTPResponse response = handler.handleRequest(event("POST", IngestService.PATH, encoded, true), null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(publisher.published).singleElement()
                .satisfies(job -> assertThat(job.filename()).isEqualTo("Summer Sale 2026 (hero).jpeg"));
    }

    @Test
    void handleRequest_invalidBase64Body_400InvalidJson() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event("POST", IngestService.PATH, "%%%", true), null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(body(response).path("error").path("code").asText()).isEqualTo("invalid_json");
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void handleRequest_get_405WithAllowHeader() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event("GET", IngestService.PATH, null, false), null);

        assertThat(response.getStatusCode()).isEqualTo(405);
        assertThat(response.getHeaders()).containsEntry("Allow", "POST");
        assertThat(body(response).path("error").path("code").asText()).isEqualTo("method_not_allowed");
    }
}
