package dev.permalinker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {
    @Test
    void safe_controlsSeparatorsAndBidiControls_shownAsQuestionMarks() {
        assertThat(TerminalText.safe("a\u001B[2Jb\u0007c\u009B1md\r\ne\tf\u007Fg\u2028h\u202Ei\u2066j\u200Fk"))
                .isEqualTo("a?[2Jb?c?1md??e?f?g?h?i?j?k");
    }

    @Test
    void safe_ordinaryTextAccentsAndEmoji_unchanged() {
        String text = "Permalinker (Résumé) \uD83D\uDE00 https://x.example/hook?***";

        assertThat(TerminalText.safe(text)).isSameAs(text);
        assertThat(TerminalText.safe(null)).isNull();
    }
}
