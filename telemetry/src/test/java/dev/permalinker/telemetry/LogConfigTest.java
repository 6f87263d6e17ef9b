package dev.permalinker.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A launcher can refuse a mistyped logging variable; logging itself still starts at INFO. */
class LogConfigTest {

    @Test
    void problems_unknownLevel_namesTheVariableAndTheLevels() {
        assertThat(LogConfig.problems(Map.of("LOG_LEVEL", "verbose")))
                .containsExactly("LOG_LEVEL must be one of trace, debug, info, warn, error, was 'verbose'");
    }

    @Test
    void problems_knownValuesInAnyCase_none() {
        assertThat(LogConfig.problems(Map.of("LOG_LEVEL", "Debug", "LOG_LEVEL_LIBRARIES", "warning",
                "LOG_FORMAT", "JSON"))).isEmpty();
    }

    @Test
    void problems_unknownFormat_named() {
        assertThat(LogConfig.problems(Map.of("LOG_FORMAT", "yaml")))
                .containsExactly("LOG_FORMAT must be json or text, was 'yaml'");
    }

    @Test
    void fromEnv_unknownLevel_stillInfo() {
        assertThat(LogConfig.fromEnv(Map.of("LOG_LEVEL", "verbose")).threshold().toString()).isEqualTo("INFO");
    }
}
