package dev.permalinker.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads typed values out of an environment map and collects every problem instead of stopping at the first.
 *
 * <p>Messages name the variable but never echo its value: several variables hold secrets.
 */
public final class EnvReader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    public EnvReader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The trimmed value, or empty when unset or blank. */
    public Optional<String> optional(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    /** The value, or {@code null} with a problem recorded when it is missing. */
    public String required(String name) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            problem(name + " is required");
            return null;
        }
        return value.get();
    }

    /**
     * A secret that travels in (or is compared with) an HTTP header, checked by {@link HeaderValues#secret}: empty
     * when unset, and a problem naming the variable, never the value, when it holds a character a header cannot.
     */
    public Optional<String> headerSecret(String name) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return value;
        }
        try {
            return Optional.of(HeaderValues.secret(value.get(), name));
        } catch (IllegalArgumentException e) {
            problem(e.getMessage());
            return Optional.empty();
        }
    }

    /** A comma-separated list with blanks dropped; empty when unset. */
    public List<String> list(String name) {
        return optional(name)
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                problem(name + " must be between " + min + " and " + max + ", was " + value);
                return defaultValue;
            }
            return value;
        } catch (NumberFormatException e) {
            problem(name + " must be an integer, was '" + raw.get() + "'");
            return defaultValue;
        }
    }

    public double decimal(String name, double defaultValue, double minExclusive) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(raw.get());
            if (!(value > minExclusive) || Double.isInfinite(value)) {
                problem(name + " must be a number greater than " + minExclusive + ", was " + raw.get());
                return defaultValue;
            }
            return value;
        } catch (NumberFormatException e) {
            problem(name + " must be a number, was '" + raw.get() + "'");
            return defaultValue;
        }
    }

    /** An ISO-8601 duration such as {@code PT30M}. */
    public Duration duration(String name, Duration defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            Duration value = Duration.parse(raw.get());
            if (value.isNegative() || value.isZero()) {
                problem(name + " must be a positive ISO-8601 duration, was " + raw.get());
                return defaultValue;
            }
            return value;
        } catch (DateTimeParseException e) {
            problem(name + " must be an ISO-8601 duration such as PT30M, was '" + raw.get() + "'");
            return defaultValue;
        }
    }

    /**
     * An absolute http(s) URL, or {@code null} when unset; a bad value is a problem that names the variable, never
     * the value (a build hook's or an endpoint's URL may hold a secret).
     */
    public URI url(String name) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return null;
        }
        URI uri = httpUrl(raw.get());
        if (uri == null) {
            problem(name + " must be an absolute http(s) URL (value not shown: it may hold a secret)");
        }
        return uri;
    }

    /**
     * {@code value} as an absolute {@code http} or {@code https} URL with a host and a port in range, else
     * {@code null}: the one check of every URL the code is configured with.
     */
    public static URI httpUrl(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            return http && uri.getHost() != null && uri.getPort() <= 65_535 ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * One of an enum's constants, matched without regard to case; anything else is a problem naming the variable
     * and every accepted value in lower case (never a Java class name), e.g. {@code CS_SIGNATURE_METHOD must be one
     * of certificate, hmac, none, was 'hmca'}.
     */
    public <E extends Enum<E>> E choice(String name, E defaultValue, Class<E> type) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(raw.get())) {
                return constant;
            }
        }
        problem(name + " must be one of " + Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                + ", was '" + raw.get() + "'");
        return defaultValue;
    }

    /** Parses with {@code parser}; a thrown {@link IllegalArgumentException}'s message becomes the problem. */
    public <T> T parsed(String name, T defaultValue, Function<String, T> parser) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return parser.apply(raw.get());
        } catch (IllegalArgumentException e) {
            problem(name + ": " + e.getMessage());
            return defaultValue;
        }
    }

    public void problem(String message) {
        problems.add(message);
    }

    /** Throws one {@link ConfigException} listing every problem recorded so far, if any. */
    public void throwIfProblems(String configName) {
        if (!problems.isEmpty()) {
            throw new ConfigException(configName, problems);
        }
    }
}
