package dev.permalinker.model;

import java.util.List;

/** Every problem found in one configuration, reported together so an operator fixes them in one go. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(String configName, List<String> problems) {
        super(configName + " is invalid: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
