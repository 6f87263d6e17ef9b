package dev.permalinker.cma;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Tolerant readers of CMA JSON fields: a missing or mistyped field gives the default, never an exception. */
final class CmaJson {
    private CmaJson() {
    }

    static String text(JsonNode node, String fallback) {
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : fallback;
    }

    static boolean bool(JsonNode node, boolean fallback) {
        if (node == null) {
            return fallback;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            String value = node.textValue().trim();
            return value.equalsIgnoreCase("true") || (!value.equalsIgnoreCase("false") && fallback);
        }
        return fallback;
    }

    static int integer(JsonNode node, int fallback) {
        if (node == null) {
            return fallback;
        }
        if (node.canConvertToInt() && node.isNumber()) {
            return node.intValue();
        }
        if (node.isTextual()) {
            try {
                return Integer.parseInt(node.textValue().trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    /** An array of strings; a single string as a list of one; anything else an empty list. */
    static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode value : node) {
                if (value.isValueNode() && !value.isNull()) {
                    values.add(value.asText());
                }
            }
        } else if (node != null && node.isTextual()) {
            values.add(node.textValue());
        }
        return List.copyOf(values);
    }

    /** An ISO-8601 instant ({@code 2026-11-20T09:14:07.311Z} or with an offset); empty when absent or unreadable. */
    static Optional<Instant> instant(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(node.textValue().trim()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
