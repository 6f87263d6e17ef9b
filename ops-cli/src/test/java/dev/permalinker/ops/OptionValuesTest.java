package dev.permalinker.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** One converter for every time an operator gives: how long ago, or when. */
class OptionValuesTest {
    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private final OptionValues.SinceConverter since = new OptionValues.SinceConverter();

    @Test
    void since_durationsAndDatesAlike() {
        assertThat(since.convert("2h").from(NOW)).isEqualTo(Instant.parse("2026-12-02T06:00:00Z"));
        assertThat(since.convert("PT2H").from(NOW)).isEqualTo(Instant.parse("2026-12-02T06:00:00Z"));
        assertThat(since.convert("90m").from(NOW)).isEqualTo(Instant.parse("2026-12-02T06:30:00Z"));
        assertThat(since.convert("7d").from(NOW)).isEqualTo(Instant.parse("2026-11-25T08:00:00Z"));
        assertThat(since.convert("2026-12-01").from(NOW)).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(since.convert("2026-12-01T09:30:00Z").from(NOW)).isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
        assertThat(since.convert("2026-12-01T10:30:00+01:00").from(NOW))
                .isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
    }

    @Test
    void since_zeroNegativeHugeOrWords_refusedSayingWhatItAccepts() {
        for (String bad : new String[] {"0h", "-PT1H", "PT9999999999999H", "yesterday", "", "2026-13-01"}) {
            assertThatThrownBy(() -> since.convert(bad)).as(bad).isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("90m").hasMessageContaining("2026-12-01");
        }
    }

    @Test
    void duration_shortAndIsoForms() {
        OptionValues.DurationConverter duration = new OptionValues.DurationConverter();
        assertThat(duration.convert("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(duration.convert("PT15M")).isEqualTo(Duration.ofMinutes(15));
        assertThat(duration.convert("0s")).isZero();
        assertThatThrownBy(() -> duration.convert("-PT1M")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void failureCode_caseInsensitive_wireValueBack() {
        assertThat(new OptionValues.FailureCodeConverter().convert("Unauthorized")).isEqualTo("unauthorized");
        assertThat(new OptionValues.FailureCodeConverter().convert("hook_failed")).isEqualTo("hook_failed");
    }
}
