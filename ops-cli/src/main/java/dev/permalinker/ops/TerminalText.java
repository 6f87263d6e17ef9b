package dev.permalinker.ops;

/**
 * Text that came from elsewhere (a webhook's name from the CMA, a dead letter's detail) made safe to print on an
 * operator's terminal: every control character (C0 with TAB, CR and LF, DEL, and C1, among them ESC and CSI, which
 * start terminal escape sequences that can move the cursor, rewrite earlier lines or retitle the window), the line
 * and paragraph separators, and the bidirectional controls that reorder what is shown (U+202A-U+202E,
 * U+2066-U+2069, U+200E, U+200F, U+061C) become {@code ?}. Everything else is printed as it is. The
 * {@code --json} outputs are not passed through it: JSON escapes the C0 controls itself, and a script wants the value.
 */
final class TerminalText {
    static final char SHOWN_INSTEAD = '?';

    private TerminalText() {
    }

    static String safe(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append(SHOWN_INSTEAD);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean unsafe(char c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069' || c == '\u200E' || c == '\u200F'
                || c == '\u061C';
    }
}
