package dev.permalinker.cma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.permalinker.model.JsonCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Error bodies of every odd shape: typed accessors answer empty, errorText() stays short and sendable. */
class CmaResponseBadBodyTest {
    private final JsonCodec json = JsonCodec.create();

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "null", "[]", "[1,2,{\"error_message\":\"x\"}]", "\"text\"", "7",
            "<html><body><h1>502 Bad Gateway</h1></body></html>", "{\"error_message\":7}",
            "{\"errors\":{\"a\":{\"b\":[1,{\"c\":2}]}}}", "{\"errors\":[[[]]],\"error_code\":\"12345678901\"}",
            "{\"error_code\":1e10}", "{\"error_code\":-1,\"message\":[\"x\"]}", "{\"error_code\":null}",
            "{\"errors\":null,\"error_message\":\"\"}", "{\"asset\":\"x\"}", "{\"asset\":{\"permanent_url\":7}}"})
    void accessors_oddBodies_neverThrow(String body) {
        CmaResponse response = CmaResponse.of(422, body, json);

        assertThatCode(() -> {
            response.errorCode();
            response.errorMessage();
            response.errorFields();
            response.permanentUrl();
            response.asset();
            response.toString();
        }).doesNotThrowAnyException();
        assertThat(response.errorText()).hasSizeLessThanOrEqualTo(CmaResponse.MAX_ERROR_MESSAGE);
    }

    @Test
    void errorText_deeplyNestedOrHuge_shortNoStackOverflow() {
        String deep = "{\"errors\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}";
        String huge = "<html>" + " x ".repeat(3_000_000) + "</html>";

        assertThat(CmaResponse.of(500, deep, json).errorText()).hasSizeLessThanOrEqualTo(200);
        assertThat(CmaResponse.of(500, huge, json).errorText()).hasSizeLessThanOrEqualTo(200);
    }

    @Test
    void errorText_controlCharactersAndSplitSurrogates_removed() {
        // A failure.detail must be valid XML characters for SQS: no controls, no half of a surrogate pair.
        String emojiAtTheCut = "{\"error_message\":\"" + "a".repeat(199) + "\uD83D\uDE00 tail\"}";
        String controls = "<html>bad\u0000gateway\u0001\u001b[31m</html>";

        String cut = CmaResponse.of(422, emojiAtTheCut, json).errorText();
        String cleaned = CmaResponse.of(502, controls, json).errorText();

        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isFalse();
        assertThat(cleaned.chars().noneMatch(c -> c < 0x20)).as(cleaned).isTrue();
        assertThat(cleaned).contains("bad", "gateway");
    }
}
