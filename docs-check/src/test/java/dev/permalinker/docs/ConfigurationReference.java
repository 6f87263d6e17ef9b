package dev.permalinker.docs;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What {@code docs/configuration.md} lists: the names in the first cell of every table headed {@code variable}
 * (environment variables) or {@code context key} (CDK context keys, {@code permalinker:*}), set against what the code
 * reads ({@link ConfigurationScan}).
 */
record ConfigurationReference(Set<String> variables, Set<String> contextKeys) {
    static final String PATH = "docs/configuration.md";

    static ConfigurationReference parse(String markdown) {
        MarkdownDoc doc = MarkdownDoc.parse(markdown);
        Set<String> variables = new TreeSet<>();
        for (String span : doc.firstCellCodeSpans("variable")) {
            if (!span.matches(ConfigurationScan.VARIABLE_NAME)) {
                throw new IllegalArgumentException(PATH + ": '" + span + "' in a variable table's first cell is not "
                        + "a variable name (one name per code span)");
            }
            variables.add(span);
        }
        Set<String> contextKeys = new TreeSet<>();
        for (String span : doc.firstCellCodeSpans("context key")) {
            if (!span.matches(ConfigurationScan.CONTEXT_PREFIX + "[A-Za-z]+")) {
                throw new IllegalArgumentException(PATH + ": '" + span + "' in a context key table's first cell is "
                        + "not a key such as permalinker:apiKeys");
            }
            contextKeys.add(span.substring(ConfigurationScan.CONTEXT_PREFIX.length()));
        }
        return new ConfigurationReference(variables, contextKeys);
    }

    /** Variables the code reads or sets that the reference does not list, with where; {@code notVariables} aside. */
    Map<String, List<String>> unlistedVariables(ConfigurationScan scan, Set<String> notVariables) {
        return unlisted(scan.variables(), variables, notVariables);
    }

    /** Listed variables that no code reads or sets. */
    Set<String> unusedVariables(ConfigurationScan scan) {
        return unused(variables, scan.variables());
    }

    Map<String, List<String>> unlistedContextKeys(ConfigurationScan scan) {
        return unlisted(scan.contextKeys(), contextKeys, Set.of());
    }

    Set<String> unusedContextKeys(ConfigurationScan scan) {
        return unused(contextKeys, scan.contextKeys());
    }

    private static Map<String, List<String>> unlisted(Map<String, List<String>> found, Set<String> listed,
                                                      Set<String> aside) {
        return found.entrySet().stream()
                .filter(entry -> !listed.contains(entry.getKey()) && !aside.contains(entry.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    private static Set<String> unused(Set<String> listed, Map<String, List<String>> found) {
        return listed.stream().filter(name -> !found.containsKey(name)).collect(Collectors.toCollection(TreeSet::new));
    }
}
