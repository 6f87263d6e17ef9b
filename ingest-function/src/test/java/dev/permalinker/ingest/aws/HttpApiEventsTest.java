package dev.permalinker.ingest.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.permalinker.ingest.InboundRequest;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AWS's full payload 2.0 sample (cookies, authorizer, client certificate) in, the response shape out. */
class HttpApiEventsTest {
    private final JsonCodec json = JsonCodec.create();
    private final HttpApiEvents events = new HttpApiEvents(json);

    private ObjectNode sample() throws IOException {
        try (InputStream in = HttpApiEventsTest.class.getResourceAsStream("/events/http-api-v2.json")) {
            return (ObjectNode) json.readTree(in.readAllBytes());
        }
    }

    @Test
    void request_fullSample_methodRawPathLowercaseHeadersAndExactBody() throws Exception {
        ObjectNode event = sample();
        event.put("body", "{\"a\": 1}");

        InboundRequest request = events.request(json.writeBytes(event));

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/webhooks/contentstack");
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(request.header("user-agent")).isEqualTo("Contentstack");
        assertThat(new String(request.rawBody(), StandardCharsets.UTF_8)).isEqualTo("{\"a\": 1}");
    }

    @Test
    void request_base64Body_decodedToTheSentBytes() throws Exception {
        byte[] bytes = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};
        ObjectNode event = sample();
        event.put("isBase64Encoded", true);
        event.put("body", Base64.getEncoder().encodeToString(bytes));

        assertThat(events.request(json.writeBytes(event)).rawBody()).isEqualTo(bytes);
    }

    @Test
    void request_base64FlagOnNonBase64_refused() throws Exception {
        ObjectNode event = sample();
        event.put("isBase64Encoded", true);
        event.put("body", "%%%");

        assertThatThrownBy(() -> events.request(json.writeBytes(event)))
                .isInstanceOf(HttpApiEvents.BadBodyException.class);
    }

    @Test
    void request_noBody_emptyBytes() throws Exception {
        ObjectNode event = sample();
        event.remove("body");

        assertThat(events.request(json.writeBytes(event)).rawBody()).isEmpty();
    }

    @Test
    void response_payload2Shape() throws Exception {
        JsonNode response = json.readTree(events.response(405, Map.of("Allow", "POST"), "{\"error\":{}}"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(405);
        assertThat(response.path("headers").path("Allow").asText()).isEqualTo("POST");
        assertThat(response.path("body").asText()).isEqualTo("{\"error\":{}}");
        assertThat(response.path("isBase64Encoded").asBoolean(true)).isFalse();
    }
}
