package dev.permalinker.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads what a function printed, line by line, and checks each line against its contract: a log line is one JSON
 * object with {@code timestamp}, {@code level} and {@code message}, and the project's fields with their types; a
 * metrics line is an embedded metric format document as its specification requires. Throws {@link AssertionError}
 * naming the first line that breaks it.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
public final class TelemetryLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    private static final Set<String> INTEGER_FIELDS = Set.of("attempt", "durationMs", "status", "receiveCount");
    private static final Set<String> STRING_FIELDS =
            Set.of("outcome", "assetUid", "messageId", "errorCode", "requestId", "detail");

    private final List<JsonNode> logs = new ArrayList<>();
    private final List<JsonNode> metrics = new ArrayList<>();

    private TelemetryLines() {
    }

    /**
     * @param output  everything captured
     * @param foreign lines not written by the functions (the JVM's or the runtime client's own), skipped
     */
    public static TelemetryLines parse(String output, Predicate<String> foreign) {
        TelemetryLines lines = new TelemetryLines();
        for (String line : output.split("\n")) {
            if (line.isBlank() || foreign.test(line)) {
                continue;
            }
            JsonNode node;
            try {
                node = MAPPER.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
            if (node == null || !node.isObject()) {
                throw new AssertionError("not a JSON object: " + line);
            }
            if (node.has("_aws")) {
                checkEmf(node, line);
                lines.metrics.add(node);
            } else {
                checkLog(node, line);
                lines.logs.add(node);
            }
        }
        return lines;
    }

    public List<JsonNode> logs() {
        return logs;
    }

    public List<JsonNode> metricDocuments() {
        return metrics;
    }

    /** The metric names in the documents, each with its dimension names, as {@code Name[Dim1,Dim2]}. */
    public Set<String> metricKeys() {
        Set<String> keys = new HashSet<>();
        for (JsonNode document : metrics) {
            for (JsonNode directive : document.path("_aws").path("CloudWatchMetrics")) {
                for (JsonNode dimensions : directive.path("Dimensions")) {
                    List<String> names = new ArrayList<>();
                    dimensions.forEach(name -> names.add(name.asText()));
                    for (JsonNode metric : directive.path("Metrics")) {
                        keys.add(metric.path("Name").asText() + names);
                    }
                }
            }
        }
        return keys;
    }

    /** The sum of a metric's values over the documents whose dimension {@code dimension} is {@code value}. */
    public double sum(String metricName, String dimension, String value) {
        double sum = 0;
        for (JsonNode document : metrics) {
            if (document.has(metricName) && (dimension == null || value.equals(document.path(dimension).asText()))) {
                JsonNode values = document.get(metricName);
                if (values.isArray()) {
                    for (JsonNode v : values) {
                        sum += v.asDouble();
                    }
                } else {
                    sum += values.asDouble();
                }
            }
        }
        return sum;
    }

    private static void checkLog(JsonNode node, String line) {
        require(node.path("timestamp").isTextual(), "timestamp", line);
        require(LEVELS.contains(node.path("level").asText()), "level", line);
        require(node.path("message").isTextual(), "message", line);
        for (String field : INTEGER_FIELDS) {
            require(!node.has(field) || node.get(field).isIntegralNumber(), field + " as an integer", line);
        }
        for (String field : STRING_FIELDS) {
            require(!node.has(field) || node.get(field).isTextual(), field + " as a string", line);
        }
    }

    private static void checkEmf(JsonNode node, String line) {
        JsonNode aws = node.get("_aws");
        require(aws.isObject(), "_aws object", line);
        require(aws.path("Timestamp").isIntegralNumber() && aws.get("Timestamp").asLong() > 0, "_aws.Timestamp", line);
        JsonNode directives = aws.path("CloudWatchMetrics");
        require(directives.isArray() && !directives.isEmpty(), "_aws.CloudWatchMetrics", line);
        for (JsonNode directive : directives) {
            String namespace = directive.path("Namespace").asText("");
            require(!namespace.isBlank() && namespace.length() <= 255, "Namespace", line);
            JsonNode dimensionSets = directive.path("Dimensions");
            require(dimensionSets.isArray(), "Dimensions", line);
            for (JsonNode set : dimensionSets) {
                require(set.isArray() && set.size() <= 30, "a dimension set of at most 30", line);
                for (JsonNode name : set) {
                    require(node.path(name.asText()).isTextual(), "dimension " + name + " as a string member", line);
                }
            }
            JsonNode metrics = directive.path("Metrics");
            require(metrics.isArray() && !metrics.isEmpty() && metrics.size() <= 100, "Metrics (1-100)", line);
            for (JsonNode metric : metrics) {
                String name = metric.path("Name").asText("");
                require(!name.isBlank() && name.length() <= 1024, "metric Name", line);
                JsonNode value = node.path(name);
                boolean numbers = value.isNumber() || value.isArray() && !value.isEmpty() && value.size() <= 100
                        && allNumbers(value);
                require(numbers, "member " + name + " as a number or 1-100 numbers", line);
            }
        }
    }

    private static boolean allNumbers(JsonNode array) {
        for (JsonNode value : array) {
            if (!value.isNumber()) {
                return false;
            }
        }
        return true;
    }

    private static void require(boolean condition, String what, String line) {
        if (!condition) {
            throw new AssertionError("bad or missing " + what + " in: " + line);
        }
    }
}
