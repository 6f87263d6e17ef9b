package dev.permalinker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TraceCommandTest {

    @Test
    void parseSince_shortFormsAndIso8601() {
        assertThat(TraceCommand.parseSince("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(TraceCommand.parseSince("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(TraceCommand.parseSince("7D")).isEqualTo(Duration.ofDays(7));
        assertThat(TraceCommand.parseSince("PT24H")).isEqualTo(Duration.ofHours(24));
        assertThat(TraceCommand.parseSince("p1d")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void parseSince_zeroNegativeOrWords_refused() {
        assertThat(TraceCommand.parseSince("0h")).isNull();
        assertThat(TraceCommand.parseSince("-PT1H")).isNull();
        assertThat(TraceCommand.parseSince("yesterday")).isNull();
        assertThat(TraceCommand.parseSince("")).isNull();
    }
}
