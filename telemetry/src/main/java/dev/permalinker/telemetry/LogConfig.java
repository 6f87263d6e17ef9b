package dev.permalinker.telemetry;

import java.util.Locale;
import java.util.Map;
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
public record LogConfig(Level threshold, Format format, boolean lambdaRuntime) {
    public enum Format { JSON, TEXT }

    /** The configuration of this process, read when SLF4J initialises. */
    public static LogConfig fromProcessEnv() {
        return fromEnv(System.getenv());
    }

    public static LogConfig fromEnv(Map<String, String> env) {
        String level = firstSet(env.get("AWS_LAMBDA_LOG_LEVEL"), env.get("LOG_LEVEL"));
        String format = env.get("LOG_FORMAT");
        boolean onLambda = env.get("AWS_LAMBDA_FUNCTION_NAME") != null;
        Format chosen = format != null && !format.isBlank()
                ? ("json".equalsIgnoreCase(format.trim()) ? Format.JSON : Format.TEXT)
                : (onLambda ? Format.JSON : Format.TEXT);
        return new LogConfig(level(level), chosen, env.get("AWS_LAMBDA_RUNTIME_API") != null);
    }

    /** Whether an event at {@code level} is written. */
    public boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
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
