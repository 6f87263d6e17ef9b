package dev.permalinker.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * One log event, and its two layouts. JSON: one object per line with {@code timestamp}, {@code level},
 * {@code logger}, {@code message}, then the event's fields by their own names ({@code requestId}, {@code outcome},
 * {@code assetUid}, {@code messageId}, {@code attempt}, {@code durationMs}, {@code errorCode}…), numbers as numbers,
 * and {@code error}/{@code stackTrace} for a throwable. Text: the same, for a person, with {@code key=value} pairs.
 *
 * <p>Callers never put a secret, token, signature or raw body in a message or field: this class cannot tell them
 * apart, so the tests scan captured output for their secrets instead.
 */
public record LogLine(Instant timestamp, Level level, String logger, String message, Map<String, Object> fields,
                      Throwable error) {
    private static final JsonFactory JSON = new JsonFactory();

    public byte[] json() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("timestamp", timestamp.toString());
            generator.writeStringField("level", level.name());
            generator.writeStringField("logger", logger);
            generator.writeStringField("message", message);
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                generator.writeFieldName(field.getKey());
                writeValue(generator, field.getValue());
            }
            if (error != null) {
                generator.writeStringField("error", error.toString());
                generator.writeStringField("stackTrace", stackTrace(error));
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    public byte[] text() {
        StringBuilder line = new StringBuilder(160).append(timestamp).append(' ')
                .append(String.format("%-5s", level.name())).append(' ').append(logger).append(" - ").append(message);
        fields.forEach((key, value) -> {
            String text = String.valueOf(value);
            line.append(' ').append(key).append('=');
            if (text.isEmpty() || text.indexOf(' ') >= 0 || text.indexOf('"') >= 0) {
                line.append('"').append(text.replace("\"", "\\\"")).append('"');
            } else {
                line.append(text);
            }
        });
        if (error != null) {
            line.append('\n').append(stackTrace(error).stripTrailing());
        }
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeValue(JsonGenerator generator, Object value) throws IOException {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number number) {
            generator.writeNumber(number.doubleValue());
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else {
            generator.writeString(String.valueOf(value));
        }
    }

    private static String stackTrace(Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
