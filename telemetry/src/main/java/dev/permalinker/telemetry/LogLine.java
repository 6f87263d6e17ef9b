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
import java.util.Locale;
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

    /**
     * The text layout: one line per event, whatever its values hold. A CR, LF or other control character (and the
     * Unicode line breaks U+0085, U+2028, U+2029) in the message or a field is written as an escape ({@code \r},
     * {@code \n}, {@code \t}, <code>&#92;uXXXX</code>), so a filename or a CMA's words cannot end the line and
     * forge the next one (CWE-117); a value with a space, a quote, a backslash or an escape is quoted, with {@code "}
     * and {@code \} escaped inside. A throwable's stack trace follows on lines that each start with a tab, so no
     * line it adds can pass for an event of its own.
     */
    public byte[] text() {
        StringBuilder line = new StringBuilder(160).append(timestamp).append(' ')
                .append(String.format("%-5s", level.name())).append(' ').append(escaped(logger)).append(" - ")
                .append(escaped(message));
        fields.forEach((key, value) -> {
            String text = String.valueOf(value);
            String escaped = escaped(text);
            line.append(' ').append(escaped(key)).append('=');
            if (text.isEmpty() || !escaped.equals(text) || text.indexOf(' ') >= 0 || text.indexOf('"') >= 0
                    || text.indexOf('\\') >= 0) {
                line.append('"').append(escaped(text.replace("\\", "\\\\").replace("\"", "\\\""))).append('"');
            } else {
                line.append(text);
            }
        });
        if (error != null) {
            for (String traceLine : stackTrace(error).stripTrailing().split("\r\n|\r|\n|\u0085|\u2028|\u2029",
                    -1)) {
                line.append("\n\t").append(escaped(traceLine, true));
            }
        }
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code text} with every control character and Unicode line break written as an escape; else unchanged. */
    static String escaped(String text) {
        return escaped(text, false);
    }

    /** With {@code keepTabs}, a tab stays a tab (a stack trace's frames are indented so). */
    private static String escaped(String text, boolean keepTabs) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && !(keepTabs && c == '\t')) || c == 0x7F || c >= 0x80 && c <= 0x9F
                    || c == '\u2028' || c == '\u2029';
            if (control && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out == null) {
                continue;
            }
            if (!control) {
                out.append(c);
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return out == null ? text : out.toString();
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
