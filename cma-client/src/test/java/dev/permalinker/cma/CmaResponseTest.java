package dev.permalinker.cma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.model.JsonCodec;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The CMA's error shapes: every accessor answers, none throws, and {@code errorText()} carries the words. */
class CmaResponseTest {
    private static final JsonCodec JSON = JsonCodec.create();

    /** body, expected error code (or -1), expected errorMessage, expected errorText. */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("{\"error_message\":\"Asset was not found.\",\"error_code\":145,\"errors\":{}}", 145,
                        "Asset was not found.", "Asset was not found."),
                Arguments.of("{\"error_message\":\"The requested object doesn't exist.\",\"error_code\":141,"
                                + "\"errors\":{\"uid\":[\"is not valid.\"]}}", 141,
                        "The requested object doesn't exist.",
                        "The requested object doesn't exist.; uid is not valid."),
                Arguments.of("{\"message\":\"Not found\"}", -1, "Not found", "Not found"),
                Arguments.of("{\"error_message\":\"Access denied.\"}", -1, "Access denied.", "Access denied."),
                Arguments.of("{\"error_code\":\"109\",\"error_message\":\"Api key is invalid.\"}", 109,
                        "Api key is invalid.", "Api key is invalid."),
                Arguments.of("{\"errors\":{\"api_key\":[\"is not valid.\",\"is required.\"]}}", -1, "",
                        "api_key is not valid. is required."),
                Arguments.of("{\"errors\":[\"first\",{\"x\":1}]}", -1, "", "first; {\"x\":1}"),
                Arguments.of("{\"error_code\":145}", 145, "", "{\"error_code\":145}"),
                Arguments.of("{\"error_message\":null,\"error_code\":null,\"errors\":null}", -1, "",
                        "{\"error_message\":null,\"error_code\":null,\"errors\":null}"),
                Arguments.of("{\"error_message\":42,\"error_code\":{\"a\":1},\"errors\":\"text\"}", -1, "",
                        "{\"error_message\":42,\"error_code\":{\"a\":1},\"errors\":\"text\"}"),
                Arguments.of("[1,2]", -1, "", "[1,2]"),
                Arguments.of("<html>\n  <body>Bad   gateway</body>\n</html>", -1, "",
                        "<html> <body>Bad gateway</body> </html>"),
                Arguments.of("Not Found", -1, "", "Not Found"),
                Arguments.of("{\"error_message\":", -1, "", "{\"error_message\":"),
                Arguments.of("", -1, "", ""),
                Arguments.of(null, -1, "", ""));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("shapes")
    void errorShapes_readWithoutThrowing(String body, int code, String message, String text) {
        CmaResponse response = CmaResponse.of(422, body, JSON);

        assertThat(response.errorCode().orElse(-1)).isEqualTo(code);
        assertThat(response.errorMessage()).isEqualTo(message);
        assertThat(response.errorText()).isEqualTo(text);
        assertThat(response.permanentUrl()).isEmpty();
        assertThat(response.asset()).isEmpty();
        assertThat(response.toString()).startsWith("CmaResponse[422");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("shapes")
    void errorText_cutForADeadLetter(String body, int code, String message, String text) {
        String longBody = body == null ? null : body + " " + "x".repeat(500);

        assertThat(CmaResponse.of(400, longBody, JSON).errorText()).hasSizeLessThanOrEqualTo(
                CmaResponse.MAX_ERROR_MESSAGE);
    }

    @Test
    void errorText_loneSurrogateInTheCmasText_replacedWholePairKept() {
        String body = "{\"error_message\":\"bad \\ud800 name \ud83d\ude00\",\"error_code\":141}";

        String text = CmaResponse.of(422, body, JSON).errorText();

        assertThat(text).contains("bad ? name").contains("\ud83d\ude00");
        assertThat(text.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF)).isTrue();
    }
}
