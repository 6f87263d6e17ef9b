package dev.permalinker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalReconcilerTest {

    @Test
    void interval_unset_isFiveMinutes() {
        assertThat(LocalReconciler.interval(Map.of())).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void interval_zero_turnsTheReconcilerOff() {
        assertThat(LocalReconciler.interval(Map.of("RECONCILE_INTERVAL", "PT0S"))).isZero();
        assertThat(LocalReconciler.start(Map.of("RECONCILE_INTERVAL", "PT0S"))).isNull();
    }

    @Test
    void interval_badOrNegative_failsNamingTheVariable() {
        assertThatThrownBy(() -> LocalReconciler.interval(Map.of("RECONCILE_INTERVAL", "5 minutes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RECONCILE_INTERVAL")
                .hasMessageContaining("PT0S: off");
        assertThatThrownBy(() -> LocalReconciler.interval(Map.of("RECONCILE_INTERVAL", "-PT1M")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must not be negative");
    }

    @Test
    void start_withoutAStack_isOff() {
        assertThat(LocalReconciler.start(Map.of("CS_MANAGEMENTTOKEN", "t", "QUEUE_URL", "http://q"))).isNull();
    }

    @Test
    void start_badReconcilerVariable_failsTheStart() {
        assertThatThrownBy(() -> LocalReconciler.start(Map.of("CS_APIKEY", "bltstack", "CS_MANAGEMENTTOKEN", "t",
                "QUEUE_URL", "http://q", "RECONCILE_GRACE", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RECONCILE_GRACE");
    }
}
