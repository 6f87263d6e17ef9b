package dev.permalinker.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffTest {
    private final Backoff backoff = new Backoff(5, Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void ceiling_doublesFromTheBaseAndIsCapped() {
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.ceiling(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.ceiling(1_000)).isEqualTo(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 0.25, 0.5, 0.999_999, 1})
    void delay_fullJitter_thatShareOfTheCeiling(double uniform) {
        assertThat(backoff.delay(3, () -> uniform)).isEqualTo(Duration.ofNanos((long) (uniform * 400_000_000L)))
                .isBetween(Duration.ZERO, backoff.ceiling(3));
    }

    @Test
    void constructor_noAttemptOrNegativeWait_refused() {
        assertThatThrownBy(() -> new Backoff(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(1, Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
