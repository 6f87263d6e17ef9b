package dev.permalinker.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.model.JsonCodec;
import dev.permalinker.telemetry.Metrics;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IngestHandlerTest {
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final JsonCodec json = JsonCodec.create();
    private final IngestHandler handler = new IngestHandler(
            IngestService.create(IngestConfig.fromEnv(TestWebhooks.env()), json, publisher, TestWebhooks.CLOCK), json,
            Metrics.NONE, null);

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

    /** Headers signing {@code body}, with the content type replaced ({@code null}: no content type at all). */
    private static Map<String, String> headersWithContentType(String body, String contentType) {
        Map<String, String> headers = new HashMap<>(TestWebhooks.headers(body));
        headers.remove("content-type");
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        return headers;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(TestWebhooks.utf8(text));
    }

    /** content type (null: none), body as sent before API Gateway's base64. */
    static Stream<Arguments> nonJsonBodies() {
        String form = "payload=" + URLEncoder.encode(TestWebhooks.fixture(), StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("application/x-www-form-urlencoded", form),
                Arguments.of("application/x-www-form-urlencoded; charset=UTF-8", form),
                Arguments.of(null, TestWebhooks.fixture()),
                Arguments.of(null, form),
                Arguments.of(null, ""),
                Arguments.of("text/plain", TestWebhooks.fixture()),
                Arguments.of("multipart/form-data; boundary=x",
                        "--x\r\nContent-Disposition: form-data\r\n\r\n{}\r\n--x--"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("nonJsonBodies")
    void handleRequest_base64NonJsonOrNoContentType_415AfterDecoding(String contentType, String body) {
        LambdaInvocation.Response response = LambdaInvocation.invoke(handler, LambdaInvocation.event("POST",
                IngestService.PATH, headersWithContentType(body, contentType), base64(body), true));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body().path("error").path("code").asText()).isEqualTo("unsupported_media_type");
        assertThat(publisher.published).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("nonJsonBodies")
    void handleRequest_plainNonJsonOrNoContentType_415(String contentType, String body) {
        LambdaInvocation.Response response = LambdaInvocation.invoke(handler, LambdaInvocation.event("POST",
                IngestService.PATH, headersWithContentType(body, contentType), body, false));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void handleRequest_noBodyAtAllNoContentType_415() {
        LambdaInvocation.Response response = LambdaInvocation.invoke(handler, LambdaInvocation.event("POST",
                IngestService.PATH, Map.of("user-agent", "Contentstack"), null, true));

        assertThat(response.statusCode()).isEqualTo(415);
    }

    @Test
    void handleRequest_undecodableBase64WithAFormContentType_415NotA400() {
        LambdaInvocation.Response response = LambdaInvocation.invoke(handler, LambdaInvocation.event("POST",
                IngestService.PATH, headersWithContentType("x", "application/x-www-form-urlencoded"), "%%%", true));

        assertThat(response.statusCode()).as("the content type is checked before the body is read").isEqualTo(415);
        assertThat(response.body().path("error").path("code").asText()).isEqualTo("unsupported_media_type");
    }

    @Test
    void handleRequest_undecodableBase64OnAnotherPathOrMethod_404Or405() {
        assertThat(LambdaInvocation.invoke(handler, event("POST", "/elsewhere", "%%%", "%%%", true)).statusCode())
                .isEqualTo(404);
        assertThat(LambdaInvocation.invoke(handler, event("PUT", IngestService.PATH, "%%%", "%%%", true))
                .statusCode()).isEqualTo(405);
    }
}
