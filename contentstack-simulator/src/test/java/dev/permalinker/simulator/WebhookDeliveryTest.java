package dev.permalinker.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sender's documented timings, scaled, and which answers count towards the circuit breaker. */
class WebhookDeliveryTest {

    @Test
    void documented_retriesAfter5_25_125_625Seconds_timeout30() {
        WebhookDelivery documented = WebhookDelivery.documented();

        assertThat(WebhookDelivery.maxRetries()).isEqualTo(4);
        assertThat(documented.retryDelay(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(documented.retryDelay(2)).isEqualTo(Duration.ofSeconds(25));
        assertThat(documented.retryDelay(3)).isEqualTo(Duration.ofSeconds(125));
        assertThat(documented.retryDelay(4)).isEqualTo(Duration.ofSeconds(625));
        assertThat(documented.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(documented.executionsPerMinute()).isEqualTo(200);
    }

    @Test
    void scaled_everyTimingScaled_timeoutNeverUnderItsFloor() {
        WebhookDelivery fast = WebhookDelivery.scaled(0.001);

        assertThat(fast.retryDelay(4)).isEqualTo(Duration.ofMillis(625));
        assertThat(fast.scale(WebhookDelivery.MINUTE)).isEqualTo(Duration.ofMillis(60));
        assertThat(fast.timeout()).as("30 ms would be a timeout on a busy machine").isEqualTo(Duration.ofSeconds(2));
        assertThat(fast.withMinimumTimeout(Duration.ZERO).timeout()).isEqualTo(Duration.ofMillis(30));
        assertThat(fast.withExecutionsPerMinute(5).executionsPerMinute()).isEqualTo(5);
    }

    @Test
    void constructor_nonsense_refused() {
        assertThatThrownBy(() -> WebhookDelivery.scaled(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookDelivery.documented().withExecutionsPerMinute(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsTowardsBreaker_5xx401AndNoAnswer_not400403404() {
        assertThat(WebhookSender.countsTowardsBreaker(500)).isTrue();
        assertThat(WebhookSender.countsTowardsBreaker(503)).isTrue();
        assertThat(WebhookSender.countsTowardsBreaker(401)).isTrue();
        assertThat(WebhookSender.countsTowardsBreaker(0)).as("timeout, refused, reset").isTrue();
        assertThat(WebhookSender.countsTowardsBreaker(400)).isFalse();
        assertThat(WebhookSender.countsTowardsBreaker(403)).isFalse();
        assertThat(WebhookSender.countsTowardsBreaker(404)).isFalse();
    }
}
