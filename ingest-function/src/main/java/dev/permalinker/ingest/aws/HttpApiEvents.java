package dev.permalinker.ingest.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.permalinker.ingest.InboundRequest;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * API Gateway HTTP API events (payload format 2.0) and their responses, read and written with the project's own JSON
 * codec rather than the runtime's reflection-based serializer (cold start; see the worker's {@code SqsEvents}).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
public final class HttpApiEvents {
    private final JsonCodec json;

    public HttpApiEvents(JsonCodec json) {
        this.json = json;
    }

    /**
     * An event whose body is marked base64 but is not: nothing to verify or parse. {@link #headersOnly()} is the
     * request without its body, so the checks that come before the body (path, method, content type) still answer.
     */
    public static final class BadBodyException extends Exception {
        private final transient InboundRequest headersOnly;

        BadBodyException(String message, InboundRequest headersOnly) {
            super(message, null, false, false);
            this.headersOnly = headersOnly;
        }

        public InboundRequest headersOnly() {
            return headersOnly;
        }
    }

    /**
     * The request the event carries: method, raw path, headers (names are lowercase in payload 2.0; repeated headers
     * arrive joined by commas) and the body's exact bytes. HTTP API base64-encodes the bodies of most non-JSON content
     * types and of requests with no content type ({@code isBase64Encoded}); they are decoded here, so the service's
     * content-type check answers them 415 like any other.
     */
    public InboundRequest request(byte[] event) throws IOException, BadBodyException {
        JsonNode root = json.readTree(event);
        JsonNode http = root.path("requestContext").path("http");
        String method = http.path("method").asText("GET");
        String path = root.hasNonNull("rawPath") ? root.get("rawPath").asText() : http.path("path").asText("/");
        Map<String, String> headers = new HashMap<>();
        root.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        JsonNode body = root.get("body");
        byte[] raw;
        if (body == null || body.isNull()) {
            raw = new byte[0];
        } else if (root.path("isBase64Encoded").asBoolean(false)) {
            try {
                raw = Base64.getDecoder().decode(body.asText());
            } catch (IllegalArgumentException e) {
                throw new BadBodyException("body is marked base64 but is not",
                        new InboundRequest(method, path, headers, new byte[0]));
            }
        } else {
            raw = body.asText().getBytes(StandardCharsets.UTF_8);
        }
        return new InboundRequest(method, path, headers, raw);
    }

    /** {@code {"statusCode","headers","body","isBase64Encoded":false}} with a JSON body. */
    public byte[] response(int status, Map<String, String> headers, String body) {
        ObjectNode response = json.mapper().createObjectNode();
        response.put("statusCode", status);
        ObjectNode headerNode = response.putObject("headers");
        headers.forEach(headerNode::put);
        response.put("body", body);
        response.put("isBase64Encoded", false);
        return json.writeBytes(response);
    }
}
