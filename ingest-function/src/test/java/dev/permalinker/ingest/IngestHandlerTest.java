package dev.permalinker.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.model.JsonCodec;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestHandlerTest {
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final JsonCodec json = JsonCodec.create();
    private final IngestHandler handler = new IngestHandler(
            IngestService.create(IngestConfig.fromEnv(TestWebhooks.env()), json, publisher, TestWebhooks.CLOCK), json);

    /** An event whose headers sign {@code signedBody}, carrying {@code body} (base64 or not) as API Gateway would. */
    private static String event(String method, String path, String signedBody, String body, boolean base64) {
        return LambdaInvocation.event(method, path, signedBody == null ? Map.of() : TestWebhooks.headers(signedBody),
                body, base64);
    }

    private static String event(String method, String path, String body, boolean base64) {
        return event(method, path, body, body, base64);
    }

    @Test
    void handleRequest_plainBody_202WithJsonBody() throws Exception {
        LambdaInvocation.Response response = LambdaInvocation.invoke(handler,
                event("POST", IngestService.PATH, TestWebhooks.fixture(), false));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers()).containsEntry("Content-Type", "application/json");
        assertThat(response.body().path("status").asText()).isEqualTo("queued");
        assertThat(response.body().path("assetUid").asText()).isEqualTo(TestWebhooks.ASSET_UID);
        assertThat(publisher.published).hasSize(1);
    }

    @Test
    void handleRequest_base64Body_decodedBeforeSignatureCheck() throws Exception {
        String encoded = Base64.getEncoder().encodeToString(TestWebhooks.utf8(TestWebhooks.fixture()));

        LambdaInvocation.Response response = LambdaInvocation.invoke(handler,
                event("POST", IngestService.PATH, TestWebhooks.fixture(), encoded, true));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(publisher.published).singleElement()
                .satisfies(job -> assertThat(job.filename()).isEqualTo("Summer Sale 2026 (hero).jpeg"));
    }

    @Test
    void handleRequest_invalidBase64Body_400InvalidJson() throws Exception {
        LambdaInvocation.Response response = LambdaInvocation.invoke(handler,
                event("POST", IngestService.PATH, "%%%", "%%%", true));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body().path("error").path("code").asText()).isEqualTo("invalid_json");
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void handleRequest_get_405WithAllowHeader() throws Exception {
        LambdaInvocation.Response response = LambdaInvocation.invoke(handler, event("GET", IngestService.PATH, null,
                false));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers()).containsEntry("Allow", "POST");
        assertThat(response.body().path("error").path("code").asText()).isEqualTo("method_not_allowed");
    }
}
