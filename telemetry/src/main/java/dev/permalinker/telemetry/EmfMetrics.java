package dev.permalinker.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics as CloudWatch embedded metric format documents, one JSON object per log line: CloudWatch Logs extracts
 * the metrics, no API call and no agent. Counts are summed per flush; latencies keep their values (at most
 * {@value #MAX_VALUES} per document, EMF's limit). One document per distinct dimension value.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 *
 * <p>Written with level {@code null} ({@link LogSink}): the log-level filter never drops a metric.
 */
public final class EmfMetrics implements Metrics {
    static final int MAX_VALUES = 100;
    private static final JsonFactory JSON = new JsonFactory();

    private final String namespace;
    private final String service;
    private final LogSink sink;
    private final Clock clock;
    /** By the one dimension's name and value ({@code null, null} for none): metric to its values. */
    private final Map<List<String>, Map<PipelineMetric, List<Double>>> pending = new LinkedHashMap<>();

    public EmfMetrics(String namespace, String service, LogSink sink, Clock clock) {
        this.namespace = namespace;
        this.service = service;
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public synchronized void record(PipelineMetric metric, String dimensionValue, double value) {
        List<String> dimension = metric.dimension() == null ? List.of()
                : List.of(metric.dimension(), dimensionValue == null ? "unknown" : dimensionValue);
        List<Double> values = pending.computeIfAbsent(dimension, d -> new EnumMap<>(PipelineMetric.class))
                .computeIfAbsent(metric, m -> new ArrayList<>());
        if (metric.unit() == PipelineMetric.Unit.COUNT && !values.isEmpty()) {
            values.set(0, values.get(0) + value);
        } else {
            values.add(value);
        }
    }

    @Override
    public void flush() {
        List<byte[]> documents = new ArrayList<>();
        synchronized (this) {
            long timestamp = clock.millis();
            pending.forEach((dimension, metrics) -> documents.addAll(documents(timestamp, dimension, metrics)));
            pending.clear();
        }
        documents.forEach(document -> sink.write(document, null));
    }

    private List<byte[]> documents(long timestamp, List<String> dimension, Map<PipelineMetric, List<Double>> metrics) {
        List<byte[]> documents = new ArrayList<>();
        int longest = metrics.values().stream().mapToInt(List::size).max().orElse(0);
        for (int from = 0; from < longest; from += MAX_VALUES) {
            Map<PipelineMetric, List<Double>> slice = new EnumMap<>(PipelineMetric.class);
            for (Map.Entry<PipelineMetric, List<Double>> entry : metrics.entrySet()) {
                List<Double> values = entry.getValue();
                if (from < values.size()) {
                    slice.put(entry.getKey(), values.subList(from, Math.min(values.size(), from + MAX_VALUES)));
                }
            }
            documents.add(document(timestamp, dimension, slice));
        }
        return documents;
    }

    private byte[] document(long timestamp, List<String> dimension, Map<PipelineMetric, List<Double>> metrics) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(384);
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeObjectFieldStart("_aws");
            generator.writeNumberField("Timestamp", timestamp);
            generator.writeArrayFieldStart("CloudWatchMetrics");
            generator.writeStartObject();
            generator.writeStringField("Namespace", namespace);
            generator.writeArrayFieldStart("Dimensions");
            generator.writeStartArray();
            generator.writeString(PipelineMetric.SERVICE_DIMENSION);
            if (!dimension.isEmpty()) {
                generator.writeString(dimension.get(0));
            }
            generator.writeEndArray();
            generator.writeEndArray();
            generator.writeArrayFieldStart("Metrics");
            for (PipelineMetric metric : metrics.keySet()) {
                generator.writeStartObject();
                generator.writeStringField("Name", metric.metricName());
                generator.writeStringField("Unit", metric.unit().cloudWatchName());
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
            generator.writeEndArray();
            generator.writeEndObject();
            generator.writeStringField(PipelineMetric.SERVICE_DIMENSION, service);
            if (!dimension.isEmpty()) {
                generator.writeStringField(dimension.get(0), dimension.get(1));
            }
            for (Map.Entry<PipelineMetric, List<Double>> entry : metrics.entrySet()) {
                List<Double> values = entry.getValue();
                generator.writeFieldName(entry.getKey().metricName());
                if (values.size() == 1) {
                    generator.writeNumber(values.get(0));
                } else {
                    generator.writeStartArray();
                    for (double value : values) {
                        generator.writeNumber(value);
                    }
                    generator.writeEndArray();
                }
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
