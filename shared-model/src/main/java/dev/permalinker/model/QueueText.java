package dev.permalinker.model;

import java.util.Locale;

/**
 * The characters SQS takes in a message body and in a message attribute's string value, and how to get any text
 * past that rule: {@code #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF} (a surrogate is allowed
 * only as half of a pair, which is one code point of the last range). Anything else (other control characters,
 * {@code U+FFFE}, {@code U+FFFF}, an unpaired surrogate) makes {@code SendMessage} fail, although JSON carries all of
 * them and a webhook's filename, title or environment may hold any. See
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 *
 * <p>A message body that is JSON keeps every string byte-faithful through {@link #escapeJson}: a refused character
 * is written as the JSON escape <code>&#92;uXXXX</code>, which every JSON reader decodes back to the same UTF-16
 * unit. A message attribute is text for a person ({@code failure.detail}): {@link #replaceRefused} puts
 * {@code U+FFFD} in place of each refused character.
 */
public final class QueueText {
    /** The Unicode replacement character, put in place of a refused one in an attribute. */
    public static final char REPLACEMENT = '\uFFFD';

    private QueueText() {
    }

    /** Whether SQS takes the code point (a surrogate code point, paired or not, is never one on its own). */
    public static boolean allowed(int codePoint) {
        return codePoint == 0x9 || codePoint == 0xA || codePoint == 0xD
                || codePoint >= 0x20 && codePoint <= 0xD7FF
                || codePoint >= 0xE000 && codePoint <= 0xFFFD
                || codePoint >= 0x10000 && codePoint <= 0x10FFFF;
    }

    /** Whether SQS takes every character of {@code text}. */
    public static boolean allowed(String text) {
        return firstRefused(text) < 0;
    }

    /**
     * {@code json} (a JSON document) with every character SQS refuses written as a <code>&#92;uXXXX</code> escape:
     * the same document to any JSON reader. Outside strings JSON has only ASCII, and a JSON writer already escapes the
     * control characters inside them, so only a string's content changes; a surrogate pair stays as it is.
     */
    public static String escapeJson(String json) {
        int first = firstRefused(json);
        if (first < 0) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 16).append(json, 0, first);
        for (int i = first; i < json.length(); ) {
            int codePoint = json.codePointAt(i);
            int length = Character.charCount(codePoint);
            if (allowed(codePoint)) {
                out.appendCodePoint(codePoint);
            } else {
                // A refused code point is a single UTF-16 unit: a BMP character or a lone surrogate.
                out.append(String.format(Locale.ROOT, "\\u%04X", (int) json.charAt(i)));
            }
            i += length;
        }
        return out.toString();
    }

    /** {@code text} with {@link #REPLACEMENT} in place of every character SQS refuses; a surrogate pair stays. */
    public static String replaceRefused(String text) {
        int first = firstRefused(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, first);
        for (int i = first; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (allowed(codePoint)) {
                out.appendCodePoint(codePoint);
            } else {
                out.append(REPLACEMENT);
            }
            i += Character.charCount(codePoint);
        }
        return out.toString();
    }

    /**
     * At most {@code maxChars} UTF-16 units of {@code text}, never ending in half a surrogate pair: a cut that would
     * split a pair ends before it.
     */
    public static String cut(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1)) && Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        return text.substring(0, end);
    }

    private static int firstRefused(String text) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (!allowed(codePoint)) {
                return i;
            }
            i += Character.charCount(codePoint);
        }
        return -1;
    }
}
