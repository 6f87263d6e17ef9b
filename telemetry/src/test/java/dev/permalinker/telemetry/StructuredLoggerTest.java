package dev.permalinker.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.testsupport.TelemetryLines;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.event.Level;

class StructuredLoggerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T09:00:00.123Z"), ZoneOffset.UTC);
    private final List<String> lines = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();
    private final LogSink sink = (line, level) -> {
        lines.add(new String(line, StandardCharsets.UTF_8));
        levels.add(level);
    };

    @AfterEach
    void clearContext() {
        MDC.clear();
    }

    private StructuredLogger logger(Map<String, String> env) {
        return new StructuredLogger("dev.permalinker.worker.BatchProcessor", LogConfig.fromEnv(env), sink, CLOCK);
    }

    @Test
    void writesOneJsonObjectPerLineWithTypedFieldsAndTheRequestId() {
        StructuredLogger log = logger(Map.of("LOG_FORMAT", "json"));
        MDC.put("requestId", "req-1");

        log.atInfo().addKeyValue("outcome", "written").addKeyValue("assetUid", "blt1").addKeyValue("attempt", 2)
                .addKeyValue("durationMs", 17L).log("job {}", "written");

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).endsWith("\n").doesNotContain("\n{");
        JsonNode line = TelemetryLines.parse(lines.get(0), l -> false).logs().get(0);
        assertThat(line.get("timestamp").asText()).isEqualTo("2026-11-25T09:00:00.123Z");
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("logger").asText()).isEqualTo("BatchProcessor");
        assertThat(line.get("message").asText()).isEqualTo("job written");
        assertThat(line.get("requestId").asText()).isEqualTo("req-1");
        assertThat(line.get("outcome").asText()).isEqualTo("written");
        assertThat(line.get("attempt").isIntegralNumber()).isTrue();
        assertThat(line.get("durationMs").asLong()).isEqualTo(17);
        assertThat(levels).containsExactly(Level.INFO);
    }

    @Test
    void takesTheLevelFromLambdaBeforeItsOwnVariable() {
        StructuredLogger log = logger(Map.of("AWS_LAMBDA_LOG_LEVEL", "WARN", "LOG_LEVEL", "DEBUG",
                "LOG_FORMAT", "json"));

        log.info("dropped");
        log.atDebug().addKeyValue("k", "v").log("dropped too");
        log.warn("kept {}", 1);
        log.error("kept with error", new IllegalStateException("boom"));

        assertThat(log.isInfoEnabled()).isFalse();
        assertThat(lines).hasSize(2);
        TelemetryLines parsed = TelemetryLines.parse(String.join("", lines), l -> false);
        assertThat(parsed.logs()).extracting(n -> n.get("level").asText()).containsExactly("WARN", "ERROR");
        assertThat(parsed.logs().get(1).get("error").asText()).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(parsed.logs().get(1).get("stackTrace").asText()).contains("StructuredLoggerTest");
    }

    @Test
    void isJsonOnLambdaAndTextForAPersonElsewhere() {
        assertThat(LogConfig.fromEnv(Map.of("AWS_LAMBDA_FUNCTION_NAME", "f")).format())
                .isEqualTo(LogConfig.Format.JSON);
        assertThat(LogConfig.fromEnv(Map.of()).format()).isEqualTo(LogConfig.Format.TEXT);
        assertThat(LogConfig.fromEnv(Map.of("LOG_FORMAT", "json")).format()).isEqualTo(LogConfig.Format.JSON);
        assertThat(LogConfig.fromEnv(Map.of("AWS_LAMBDA_FUNCTION_NAME", "f", "LOG_FORMAT", "text")).format())
                .isEqualTo(LogConfig.Format.TEXT);
        assertThat(LogConfig.fromEnv(Map.of("AWS_LAMBDA_LOG_LEVEL", "FATAL")).threshold()).isEqualTo(Level.ERROR);
        LogConfig debug = LogConfig.fromEnv(Map.of("LOG_LEVEL", "DEBUG"));
        assertThat(debug.forLogger("software.amazon.awssdk.request").threshold()).isEqualTo(Level.WARN);
        assertThat(debug.forLogger("dev.permalinker.worker.BatchProcessor").threshold()).isEqualTo(Level.DEBUG);

        logger(Map.of()).atInfo().addKeyValue("outcome", "written").addKeyValue("detail", "two words")
                .log("job written");
        assertThat(lines.get(0)).matches(
                "2026-11-25T09:00:00.123Z INFO  BatchProcessor - job written outcome=written detail=\"two words\"\n");
    }

    @Test
    void text_lineBreaksInMessageAndFields_escapedSoNoLineIsForged() {
        String forged = "a.png\n2026-11-25T09:00:01.000Z INFO  BatchProcessor - job written outcome=written";

        logger(Map.of()).atWarn().addKeyValue("filename", forged).addKeyValue("detail", "x\r\ny\u2028z\u001B[2J")
                .addKeyValue("path", "C:\\dir \"q\"").log("skipped {}", forged);

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).split("\n", -1)).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("2026-11-25T09:00:00.123Z WARN  BatchProcessor - skipped a.png\\n"
                + "2026-11-25T09:00:01.000Z INFO  BatchProcessor - job written outcome=written"
                + " filename=\"a.png\\n2026-11-25T09:00:01.000Z INFO  BatchProcessor - job written outcome=written\""
                + " detail=\"x\\r\\ny\\u2028z\\u001b[2J\" path=\"C:\\\\dir \\\"q\\\"\"\n");
    }

    @Test
    void text_throwableWithALineBreakInItsMessage_everyTraceLineStartsWithATab() {
        logger(Map.of()).error("failed", new IllegalStateException("boom\n2026-11-25T09:00:01.000Z INFO  forged"));

        String[] traceLines = lines.get(0).stripTrailing().split("\n");
        assertThat(traceLines[0]).isEqualTo("2026-11-25T09:00:00.123Z ERROR BatchProcessor - failed");
        assertThat(traceLines[1]).isEqualTo("\tjava.lang.IllegalStateException: boom");
        assertThat(Arrays.asList(traceLines).subList(1, traceLines.length)).allMatch(line -> line.startsWith("\t"));
        assertThat(traceLines[2]).isEqualTo("\t2026-11-25T09:00:01.000Z INFO  forged");
        assertThat(traceLines[3]).startsWith("\t\tat dev.permalinker.telemetry.StructuredLoggerTest");
    }
}
