package dev.permalinker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one check of a header-bound secret: trimmed, printable ASCII, and never echoed. */
class HeaderValuesTest {
    private static final String TOKEN = "cs7f3a9b2e1d4c5f6a7b8c9d0e";

    @ParameterizedTest
    @ValueSource(strings = {TOKEN + "\n", TOKEN + "\r\n", " " + TOKEN + " ", "\t" + TOKEN, TOKEN + "\u2003"})
    void secret_surroundingWhiteSpace_stripped(String pasted) {
        assertThat(HeaderValues.secret(pasted, "CS_MANAGEMENTTOKEN")).isEqualTo(TOKEN);
    }

    @Test
    void secret_spaceInside_kept() {
        assertThat(HeaderValues.secret("user:pass word", "CS_BASIC_AUTH")).isEqualTo("user:pass word");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cs7f\n3a9b", "cs7f\r3a9b", "cs7f\u00003a9b", "cs7f\u007F3a9b", "cs7f\t3a9b"})
    void secret_controlCharacterInside_refusedNamingTheSourceNeverTheValue(String value) {
        assertThatThrownBy(() -> HeaderValues.secret(value, "CS_SECRET"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("CS_SECRET holds a control character")
                .hasMessageContaining("at character 5 of 9")
                .hasMessageNotContaining("cs7f")
                .hasMessageNotContaining("3a9b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cs7f\u200B3a9b", "cs7f\u00A03a9b", "\uFEFFcs7f3a9b", "cs7f\u00E93a9b", "cs7f3a9b\u200B"})
    void secret_nonAsciiCharacter_refusedNamingTheSourceNeverTheValue(String value) {
        assertThatThrownBy(() -> HeaderValues.secret(value, "RELEASE_HOOK_SECRET_SECRET_ARN (arn:aws:x)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("RELEASE_HOOK_SECRET_SECRET_ARN (arn:aws:x) holds a non-ASCII character")
                .hasMessageNotContaining("cs7f")
                .hasMessageNotContaining("3a9b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\r\t"})
    void secret_nothingLeft_refused(String value) {
        assertThatThrownBy(() -> HeaderValues.secret(value, "CS_BEARER_TOKEN"))
                .hasMessage("CS_BEARER_TOKEN is empty");
    }

    @Test
    void name_tokenCharacters_accepted_otherRefused() {
        assertThat(HeaderValues.name(" X-Webhook-Secret ", "CS_SECRET_HEADER")).isEqualTo("X-Webhook-Secret");
        assertThatThrownBy(() -> HeaderValues.name("x secret", "CS_SECRET_HEADER"))
                .hasMessageStartingWith("CS_SECRET_HEADER must be an HTTP header name");
        assertThatThrownBy(() -> HeaderValues.name("x:y", "CS_SECRET_HEADER"))
                .hasMessageStartingWith("CS_SECRET_HEADER must be an HTTP header name");
    }

    @Test
    void envReaderHeaderSecret_badValue_problemNamesTheVariableNeverTheValue() {
        EnvReader reader = new EnvReader(Map.of("CS_SECRET", "s3cr3t\u200Bvalue", "CS_BEARER_TOKEN", " tok\n"));

        assertThat(reader.headerSecret("CS_SECRET")).isEmpty();
        assertThat(reader.headerSecret("CS_BEARER_TOKEN")).contains("tok");
        assertThat(reader.headerSecret("CS_BASIC_AUTH")).isEmpty();
        assertThatThrownBy(() -> reader.throwIfProblems("ingest configuration"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CS_SECRET holds a non-ASCII character")
                .hasMessageNotContaining("s3cr3t");
    }
}
