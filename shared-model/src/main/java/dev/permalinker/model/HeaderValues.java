package dev.permalinker.model;

/**
 * The one check of a secret that travels in an HTTP header (a management token, the release hook's secret) or is
 * compared with one (the ingest's header secret, Basic and Bearer credentials, HMAC signing keys), applied where the
 * value is loaded, from the environment or from Secrets Manager: white space around it is dropped (a secret pasted
 * with a trailing newline works), and anything else that is not printable ASCII is refused at start.
 *
 * <p>Why refuse rather than repair: a control character (CR, LF, NUL…) cannot go into a header at all, and the JDK
 * says so with an exception whose message quotes the whole value ({@code invalid header value: "…"}), which then
 * reached logs and dead letters. A non-ASCII character (a zero-width space, a non-breaking space, a byte-order mark)
 * is not part of any token Contentstack or a build host issues: it is a copy-and-paste accident, and would only be
 * sent as Latin-1 or refused. Tokens and secrets are printable ASCII ({@code 0x20-0x7E}); a space inside is kept
 * (a password may hold one). HTTP field values: https://www.rfc-editor.org/rfc/rfc9110#name-field-values
 *
 * <p>A message names the variable or secret given as {@code source} and where the character sits, never the value.
 */
public final class HeaderValues {
    private HeaderValues() {
    }

    /**
     * {@code value} without surrounding white space, once every character left is printable ASCII.
     *
     * @param source what the value is, for the message: a variable ({@code CS_SECRET}), or a secret and its ARN
     * @throws IllegalArgumentException naming {@code source}, never the value, when what is left is empty or holds a
     *                                  character that is not printable ASCII
     */
    public static String secret(String value, String source) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException(source + " is empty");
        }
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                throw refused(source, "a control character (such as a line break)", i, stripped.length());
            }
            if (c > 0x7E) {
                throw refused(source, "a non-ASCII character (such as a zero-width or non-breaking space)", i,
                        stripped.length());
            }
        }
        return stripped;
    }

    /**
     * {@code value} without surrounding white space, once it is a valid header name (an RFC 9110 token: letters,
     * digits and {@code !#$%&'*+-.^_`|~}).
     *
     * @throws IllegalArgumentException naming {@code source} when it is not
     */
    public static String name(String value, String source) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.isEmpty() || !stripped.chars().allMatch(HeaderValues::tokenChar)) {
            throw new IllegalArgumentException(source + " must be an HTTP header name: letters, digits and "
                    + "!#$%&'*+-.^_`|~ only");
        }
        return stripped;
    }

    private static boolean tokenChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static IllegalArgumentException refused(String source, String kind, int index, int length) {
        return new IllegalArgumentException(source + " holds " + kind + " at character " + (index + 1) + " of "
                + length + " (value not shown): a secret sent in an HTTP header must be printable ASCII; copy it "
                + "again without it");
    }
}
