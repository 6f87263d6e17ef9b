package dev.permalinker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every bad value is named with what the variable accepts, never with a Java class or exception name. */
class EnvReaderTest {
    enum Method { CERTIFICATE, HMAC, NONE }

    @Test
    void choice_unknownValue_namesTheVariableAndEveryAcceptedValue() {
        EnvReader reader = new EnvReader(Map.of("CS_SIGNATURE_METHOD", "hmca"));

        assertThat(reader.choice("CS_SIGNATURE_METHOD", Method.CERTIFICATE, Method.class))
                .isEqualTo(Method.CERTIFICATE);
        assertThatThrownBy(() -> reader.throwIfProblems("ingest configuration"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CS_SIGNATURE_METHOD must be one of certificate, hmac, none, was 'hmca'")
                .hasMessageNotContaining("enum")
                .hasMessageNotContaining("dev.permalinker");
    }

    @Test
    void choice_anyCase_matches() {
        EnvReader reader = new EnvReader(Map.of("M", " Hmac "));

        assertThat(reader.choice("M", Method.CERTIFICATE, Method.class)).isEqualTo(Method.HMAC);
        reader.throwIfProblems("x");
    }

    @Test
    void choice_unset_isTheDefault() {
        assertThat(new EnvReader(Map.of()).choice("M", Method.NONE, Method.class)).isEqualTo(Method.NONE);
    }

    @Test
    void decimal_notANumber_namesTheVariable() {
        EnvReader reader = new EnvReader(Map.of("CS_RATE_LIMIT", "abc"));

        reader.decimal("CS_RATE_LIMIT", 10, 0);

        assertThatThrownBy(() -> reader.throwIfProblems("c"))
                .hasMessageContaining("CS_RATE_LIMIT must be a number, was 'abc'")
                .hasMessageNotContaining("For input string");
    }
}
