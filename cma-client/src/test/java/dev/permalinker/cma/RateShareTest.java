package dev.permalinker.cma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.EnvReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateShareTest {
    @Test
    void fromEnv_unset_theDefault() {
        assertThat(RateShare.fromEnv(new EnvReader(Map.of()))).isEqualTo(RateShare.DEFAULT).isEqualTo(0.8);
    }

    @Test
    void fromEnv_aFraction_taken() {
        assertThat(RateShare.fromEnv(new EnvReader(Map.of("CS_RATE_SHARE", "1")))).isEqualTo(1.0);
    }

    @Test
    void fromEnv_aboveOneOrNotAbove0_aProblem() {
        EnvReader reader = new EnvReader(Map.of("CS_RATE_SHARE", "1.5"));
        RateShare.fromEnv(reader);
        EnvReader zero = new EnvReader(Map.of("CS_RATE_SHARE", "0"));
        RateShare.fromEnv(zero);

        assertThatThrownBy(() -> reader.throwIfProblems("test configuration"))
                .hasMessageContaining("CS_RATE_SHARE must be a fraction of the limit between 0 and 1, was 1.5");
        assertThatThrownBy(() -> zero.throwIfProblems("test configuration"))
                .hasMessageContaining("CS_RATE_SHARE must be a number greater than 0");
    }
}
