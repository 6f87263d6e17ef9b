package dev.permalinker.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.permalinker.model.JsonCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Calls the stream handler with an HTTP API payload 2.0 event, as the runtime would, and reads its answer. */
final class LambdaInvocation {
    private static final JsonCodec JSON = JsonCodec.create();

    /** The handler's answer: status, headers and the body parsed as JSON. */
    record Response(int statusCode, Map<String, String> headers, JsonNode body, String rawBody) {
    }

    private LambdaInvocation() {
    }

    static String event(String method, String path, Map<String, String> headers, String body, boolean base64) {
        ObjectNode event = JSON.mapper().createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        event.putObject("requestContext").putObject("http").put("method", method).put("path", path);
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", base64);
        return JSON.write(event);
    }

    static Response invoke(IngestHandler handler, String event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
            JsonNode response = JSON.readTree(out.toByteArray());
            Map<String, String> headers = new java.util.HashMap<>();
            response.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            String body = response.path("body").asText();
            return new Response(response.path("statusCode").asInt(), headers,
                    JSON.readTree(body.getBytes(StandardCharsets.UTF_8)), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
