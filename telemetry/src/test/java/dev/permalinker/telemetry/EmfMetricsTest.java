package dev.permalinker.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.testsupport.TelemetryLines;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class EmfMetricsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T09:00:00Z"), ZoneOffset.UTC);
    private final StringBuilder out = new StringBuilder();
    private final List<Level> levels = new ArrayList<>();
    private final EmfMetrics metrics = new EmfMetrics("Permalinker", "prod", (line, level) -> {
        out.append(new String(line, StandardCharsets.UTF_8));
        levels.add(level);
    }, CLOCK);

    @Test
    void writesDocumentsTheSpecificationAcceptsOnePerDimensionValue() {
        metrics.count(PipelineMetric.JOBS, "written");
        metrics.count(PipelineMetric.JOBS, "written");
        metrics.count(PipelineMetric.JOBS, "retry");
        metrics.record(PipelineMetric.CMA_LATENCY, null, 120);
        metrics.record(PipelineMetric.CMA_LATENCY, null, 80);
        metrics.count(PipelineMetric.CMA_THROTTLED, null);

        metrics.flush();

        TelemetryLines lines = TelemetryLines.parse(out.toString(), l -> false);
        assertThat(lines.logs()).isEmpty();
        assertThat(lines.metricDocuments()).hasSize(3);
        assertThat(lines.sum("Jobs", "Outcome", "written")).isEqualTo(2);
        assertThat(lines.sum("Jobs", "Outcome", "retry")).isEqualTo(1);
        assertThat(lines.sum("CmaThrottled", null, null)).isEqualTo(1);
        assertThat(lines.metricKeys()).containsExactlyInAnyOrder("Jobs[Service, Outcome]",
                "CmaLatency[Service]", "CmaThrottled[Service]");
        JsonNode latency = lines.metricDocuments().stream().filter(d -> d.has("CmaLatency")).findFirst().orElseThrow();
        assertThat(latency.get("CmaLatency")).hasSize(2);
        assertThat(latency.get("Service").asText()).isEqualTo("prod");
        assertThat(latency.at("/_aws/Timestamp").asLong()).isEqualTo(CLOCK.millis());
        assertThat(latency.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("Permalinker");
        assertThat(latency.at("/_aws/CloudWatchMetrics/0/Metrics").toString()).contains("\"Unit\":\"Milliseconds\"");
        // No log-level filter may drop a metric.
        assertThat(levels).containsOnlyNulls();
    }

    @Test
    void splitsMoreThanAHundredValuesAndForgetsWhatItFlushed() {
        for (int i = 0; i < 250; i++) {
            metrics.record(PipelineMetric.TIME_TO_PERMANENT_URL, null, i);
        }
        metrics.flush();
        metrics.flush();

        TelemetryLines lines = TelemetryLines.parse(out.toString(), l -> false);
        assertThat(lines.metricDocuments()).hasSize(3);
        assertThat(lines.sum("TimeToPermanentUrl", null, null)).isEqualTo(249 * 250 / 2.0);
    }

    @Test
    void isOffOutsideLambdaUnlessAskedFor() {
        assertThat(Metrics.fromEnv(Map.of())).isSameAs(Metrics.NONE);
        assertThat(Metrics.fromEnv(Map.of("METRICS", "emf"))).isInstanceOf(EmfMetrics.class);
        assertThat(Metrics.fromEnv(Map.of("AWS_LAMBDA_FUNCTION_NAME", "f"))).isInstanceOf(EmfMetrics.class);
        assertThat(Metrics.fromEnv(Map.of("AWS_LAMBDA_FUNCTION_NAME", "f", "METRICS", "none")))
                .isSameAs(Metrics.NONE);
    }
}
