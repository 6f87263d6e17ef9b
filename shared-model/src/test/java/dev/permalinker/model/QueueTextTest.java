package dev.permalinker.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SQS's character rule for message bodies and attributes, and the two ways past it. */
class QueueTextTest {
    /** Every kind of character SQS refuses, between ones it takes (an emoji is a surrogate pair it takes). */
    private static final String REFUSED = "a\uFFFFb\uFFFEc\uD800d\uDFFFe\u0001f\u001Bg\uDBFF";
    private static final String PAIR = "\uD83D\uDE00";

    @ParameterizedTest
    @ValueSource(ints = {0x0, 0x1, 0x8, 0xB, 0xC, 0x1F, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xFFFE, 0xFFFF})
    void allowed_refusedCodePoints_false(int codePoint) {
        assertThat(QueueText.allowed(codePoint)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0x9, 0xA, 0xD, 0x20, 0x7F, 0x85, 0xD7FF, 0xE000, 0xFFFD, 0x10000, 0x1F600, 0x10FFFF})
    void allowed_acceptedCodePoints_true(int codePoint) {
        assertThat(QueueText.allowed(codePoint)).isTrue();
    }

    @Test
    void escapeJson_refusedCharacters_escapedAndReadBackUnchanged() {
        JsonCodec json = JsonCodec.create();
        String text = REFUSED + " tab\tnew line\n" + PAIR + " é";

        String written = json.writeQueueMessage(Map.of("filename", text));

        assertThat(QueueText.allowed(written)).isTrue();
        assertThat(written).contains("\\uFFFF", "\\uFFFE", "\\uD800", "\\uDFFF", "\\uDBFF", PAIR, "é");
        assertThat(json.read(written, Map.class).get("filename")).isEqualTo(text);
    }

    @Test
    void escapeJson_nothingRefused_sameText() {
        String json = "{\"filename\":\"Résumé " + PAIR + ".pdf\"}";

        assertThat(QueueText.escapeJson(json)).isSameAs(json);
    }

    @Test
    void replaceRefused_eachRefusedCharacter_replacementCharacterPairsKept() {
        assertThat(QueueText.replaceRefused(REFUSED + PAIR + "\t\r\n"))
                .isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFD" + PAIR + "\t\r\n");
    }

    @Test
    void cut_acrossASurrogatePair_endsBeforeIt() {
        assertThat(QueueText.cut("ab" + PAIR, 3)).isEqualTo("ab");
        assertThat(QueueText.cut("ab" + PAIR, 4)).isEqualTo("ab" + PAIR);
        assertThat(QueueText.cut("abc", 2)).isEqualTo("ab");
    }
}
