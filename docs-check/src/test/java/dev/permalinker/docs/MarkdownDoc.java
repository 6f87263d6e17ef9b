package dev.permalinker.docs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Markdown file as the checks read it, fenced code blocks left out: its headings' anchors (GitHub's rule), its
 * links, and the first cells of its tables.
 */
final class MarkdownDoc {
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern LINK = Pattern.compile(
            "!?\\[([^\\]]*)]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

    private final List<String> lines;

    private MarkdownDoc(List<String> lines) {
        this.lines = lines;
    }

    /** {@code text} without its fenced code blocks (a blank line stands for each of their lines). */
    static MarkdownDoc parse(String text) {
        List<String> kept = new ArrayList<>();
        boolean fenced = false;
        for (String line : text.split("\n", -1)) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
                kept.add("");
            } else {
                kept.add(fenced ? "" : line);
            }
        }
        return new MarkdownDoc(kept);
    }

    /**
     * GitHub's anchor for a heading: inline-code marks and link targets dropped, lower case, everything but letters,
     * digits, spaces, {@code -} and {@code _} removed, spaces as {@code -}.
     */
    static String anchor(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").replace("`", "");
        StringBuilder slug = new StringBuilder();
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.append(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        }
        return slug.toString();
    }

    /** The headings' text, in order. */
    List<String> headings() {
        List<String> headings = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = HEADING.matcher(line);
            if (matcher.matches()) {
                headings.add(matcher.group(1));
            }
        }
        return headings;
    }

    /** Every anchor a link may name: each heading's, with {@code -1}, {@code -2}… for repeats, as GitHub does. */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String heading : headings()) {
            String anchor = anchor(heading);
            int count = seen.merge(anchor, 1, Integer::sum);
            anchors.add(count == 1 ? anchor : anchor + "-" + (count - 1));
        }
        return anchors;
    }

    /** The targets of the links and images, outside code spans. */
    List<String> links() {
        List<String> links = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (matcher.find()) {
                links.add(matcher.group(2));
            }
        }
        return links;
    }

    /**
     * The code spans of the first cell of every row of the tables whose header's first cell is {@code header}
     * (ignoring case), e.g. {@code `CS_APIKEY`} in a table headed {@code | variable | … |}.
     */
    List<String> firstCellCodeSpans(String header) {
        List<String> spans = new ArrayList<>();
        boolean inTable = false;
        boolean wanted = false;
        for (String line : lines) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("|")) {
                inTable = false;
                continue;
            }
            String first = trimmed.substring(1).split("(?<!\\\\)\\|", -1)[0].strip();
            if (!inTable) {
                inTable = true;
                wanted = first.equalsIgnoreCase(header);
                continue;
            }
            if (!wanted || first.matches(":?-+:?")) {
                continue;
            }
            Matcher matcher = CODE_SPAN.matcher(first);
            while (matcher.find()) {
                spans.add(matcher.group(1).strip());
            }
        }
        return spans;
    }
}
