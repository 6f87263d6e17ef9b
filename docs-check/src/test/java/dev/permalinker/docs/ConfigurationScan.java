package dev.permalinker.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the code reads from its environment, and the CDK app from its context, found in the sources' text (comments
 * left out), each with where it was found ({@code path:line}).
 *
 * <p>An environment variable is a name in capitals: every {@code UPPER_SNAKE} string literal anywhere (read through
 * {@code EnvReader}, a map, a constant list, or set for a function by the CDK app), and a one-word name
 * ({@code PORT}) when it is the first argument of an environment read: {@code EnvReader}'s methods, or a map's
 * {@code get}, {@code getOrDefault}, {@code containsKey}, or {@code getenv}. A CDK context key is a
 * {@code permalinker:*} literal, a {@code PREFIX + "key"}, a {@code (context, "key"…)} or {@code context.apply("key")}
 * read, or a {@code {"key", "VARIABLE"}} pair, in the CDK app's sources ({@value #CDK_APP}).
 */
final class ConfigurationScan {
    static final String CDK_APP = "infra-cdk/";
    static final String CONTEXT_PREFIX = "permalinker:";
    static final String VARIABLE_NAME = "[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*";

    private static final Pattern SNAKE_LITERAL = Pattern.compile("\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\"");
    private static final Pattern READ = Pattern.compile("\\b(?:get|getOrDefault|containsKey|getenv|optional|string"
            + "|required|list|integer|decimal|duration|url|parsed)\\(\\s*\"(" + VARIABLE_NAME + ")\"");
    private static final List<Pattern> CONTEXT_READS = List.of(
            Pattern.compile("\"" + CONTEXT_PREFIX + "([A-Za-z]+)\""),
            Pattern.compile("\\bPREFIX\\s*\\+\\s*\"([A-Za-z]+)\""),
            Pattern.compile("\\(\\s*context\\s*,\\s*\"([A-Za-z]+)\""),
            Pattern.compile("\\bcontext\\.apply\\(\\s*\"([A-Za-z]+)\"\\s*\\)"),
            Pattern.compile("\\{\\s*\"([a-z][A-Za-z]+)\"\\s*,\\s*\"" + VARIABLE_NAME + "\"\\s*}"));

    private final Map<String, List<String>> variables = new TreeMap<>();
    private final Map<String, List<String>> contextKeys = new TreeMap<>();

    private ConfigurationScan() {
    }

    /** Scans {@code sources}: file text by its path relative to the repository root. */
    static ConfigurationScan of(Map<String, String> sources) {
        ConfigurationScan scan = new ConfigurationScan();
        sources.forEach((path, text) -> {
            String code = JavaSource.withoutComments(text);
            scan.collect(scan.variables, SNAKE_LITERAL, path, code);
            scan.collect(scan.variables, READ, path, code);
            if (path.startsWith(CDK_APP)) {
                CONTEXT_READS.forEach(pattern -> scan.collect(scan.contextKeys, pattern, path, code));
            }
        });
        return scan;
    }

    /** Environment variable names, each with the places that read or set it. */
    Map<String, List<String>> variables() {
        return variables;
    }

    /** CDK context keys without their {@code permalinker:} prefix, each with the places that read it. */
    Map<String, List<String>> contextKeys() {
        return contextKeys;
    }

    private void collect(Map<String, List<String>> into, Pattern pattern, String path, String code) {
        Matcher matcher = pattern.matcher(code);
        while (matcher.find()) {
            String where = path + ":" + JavaSource.lineOf(code, matcher.start(1));
            List<String> places = into.computeIfAbsent(matcher.group(1), name -> new ArrayList<>());
            if (!places.contains(where)) {
                places.add(where);
            }
        }
    }
}
