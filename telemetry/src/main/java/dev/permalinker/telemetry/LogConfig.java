package dev.permalinker.telemetry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.Level;

/**
 * How a process logs, read once from its environment.
 *
 * <ul>
 *   <li>Level: Lambda's {@code AWS_LAMBDA_LOG_LEVEL} (set by the function's application log level), else
 *       {@code LOG_LEVEL}, else INFO. Lambda's FATAL counts as ERROR.</li>
 *   <li>Format: {@code LOG_FORMAT=json|text} when set; else JSON on Lambda ({@code AWS_LAMBDA_FUNCTION_NAME} is
 *       set) and text for a person everywhere else ({@code serve}, {@code demo}).</li>
 *   <li>Sink: under Lambda's runtime client ({@code AWS_LAMBDA_RUNTIME_API} is set), Lambda's own logger, which frames
 *       each line with its level; else standard error.</li>
 * </ul>
 */
public record LogConfig(Level threshold, Level libraryThreshold, Format format, boolean lambdaRuntime) {
    public enum Format { JSON, TEXT }

    /** Set before the first log line, it overrides the environment's level: the demo keeps its terminal quiet. */
    public static final String LEVEL_PROPERTY = "permalinker.log.level";
    private static final String PROJECT_LOGGERS = "dev.permalinker.";
    /** The level names {@link #level} knows (Lambda's own, plus WARNING). */
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL");

    /** The configuration of this process, read when SLF4J initialises. */
    public static LogConfig fromProcessEnv() {
        Map<String, String> env = new HashMap<>(System.getenv());
        String level = System.getProperty(LEVEL_PROPERTY);
        if (level != null) {
            env.put("AWS_LAMBDA_LOG_LEVEL", level);
        }
        return fromEnv(env);
    }

    /**
     * Loggers outside this project (the AWS SDK, ElasticMQ, Pekko) write WARN and above unless
     * {@code LOG_LEVEL_LIBRARIES} says otherwise.
     */
    public static LogConfig fromEnv(Map<String, String> env) {
        String level = firstSet(env.get("AWS_LAMBDA_LOG_LEVEL"), env.get("LOG_LEVEL"));
        String format = env.get("LOG_FORMAT");
        boolean onLambda = env.get("AWS_LAMBDA_FUNCTION_NAME") != null;
        Format chosen = format != null && !format.isBlank()
                ? ("json".equalsIgnoreCase(format.trim()) ? Format.JSON : Format.TEXT)
                : (onLambda ? Format.JSON : Format.TEXT);
        Level threshold = level(level);
        String libraries = env.get("LOG_LEVEL_LIBRARIES");
        Level libraryThreshold = libraries != null && !libraries.isBlank() ? level(libraries)
                : (threshold.toInt() > Level.WARN.toInt() ? threshold : Level.WARN);
        return new LogConfig(threshold, libraryThreshold, chosen, env.get("AWS_LAMBDA_RUNTIME_API") != null);
    }

    /**
     * What is wrong with the logging variables, one line each ({@code LOG_LEVEL must be one of …, was 'verbose'}),
     * empty when nothing is. Logging itself never fails on them (an unknown level logs at INFO, so a function still
     * starts); a launcher a person runs checks them first and refuses a typo.
     */
    public static List<String> problems(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        for (String name : List.of("LOG_LEVEL", "LOG_LEVEL_LIBRARIES")) {
            String value = env.get(name);
            if (value != null && !value.isBlank() && !LEVELS.contains(value.trim().toUpperCase(Locale.ROOT))) {
                problems.add(name + " must be one of trace, debug, info, warn, error, was '" + value.trim() + "'");
            }
        }
        String format = env.get("LOG_FORMAT");
        if (format != null && !format.isBlank() && !List.of("json", "text")
                .contains(format.trim().toLowerCase(Locale.ROOT))) {
            problems.add("LOG_FORMAT must be json or text, was '" + format.trim() + "'");
        }
        return problems;
    }

    /** Whether an event at {@code level} is written. */
    public boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    /** The configuration a named logger uses: libraries get their own threshold. */
    public LogConfig forLogger(String name) {
        return name.startsWith(PROJECT_LOGGERS) || libraryThreshold == threshold ? this
                : new LogConfig(libraryThreshold, libraryThreshold, format, lambdaRuntime);
    }

    static Level level(String name) {
        if (name == null || name.isBlank()) {
            return Level.INFO;
        }
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "WARN", "WARNING" -> Level.WARN;
            case "ERROR", "FATAL" -> Level.ERROR;
            default -> Level.INFO;
        };
    }

    private static String firstSet(String first, String second) {
        return first != null && !first.isBlank() ? first : second;
    }
}
