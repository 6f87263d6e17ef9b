package dev.permalinker.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one JSON codec of the project: a configured Jackson mapper, built once and shared (it is thread-safe). */
public final class JsonCodec {
    /** Webhook payloads nest about five levels; anything past this is refused before it costs stack or memory. */
    public static final int MAX_NESTING_DEPTH = 64;

    private final ObjectMapper mapper;

    private JsonCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public static JsonCodec create() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                // A signed body with a key twice means two things to two parsers: refuse it.
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return new JsonCodec(JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build());
    }

    /** Parses a JSON document; throws {@link JsonProcessingException} for malformed or too deeply nested input. */
    public JsonNode readTree(byte[] json) throws IOException {
        try (JsonParser parser = mapper.getFactory().createParser(json)) {
            JsonNode node = mapper.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw new JsonProcessingException("empty document") { };
            }
            if (parser.nextToken() != null) {
                throw new JsonProcessingException("trailing content after the JSON document") { };
            }
            return node;
        }
    }

    public <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(),
                    e);
        }
    }

    public <T> T read(JsonNode node, Class<T> type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(),
                    e);
        }
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code value} as the JSON body of an SQS message: {@link #write} with every character SQS refuses in a body
     * ({@code U+FFFF}, an unpaired surrogate…) written as a <code>&#92;uXXXX</code> escape
     * ({@link QueueText#escapeJson}), so any string a webhook carried is queued and reads back unchanged.
     */
    public String writeQueueMessage(Object value) {
        return QueueText.escapeJson(write(value));
    }

    public byte[] writeBytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }
}
