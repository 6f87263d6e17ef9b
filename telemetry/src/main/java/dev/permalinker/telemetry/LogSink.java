package dev.permalinker.telemetry;

import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.io.IOException;
import java.io.PrintStream;
import org.slf4j.event.Level;

/** Where finished lines go: one call per line, the line ending in a newline. */
public interface LogSink {
    /**
     * @param level the line's level, or {@code null} for a line no level may filter out (a metrics document)
     */
    void write(byte[] line, Level level);

    /**
     * Lambda's logger: with byte arrays it adds no formatting of its own (a JSON line stays the JSON object), frames
     * the line with its level for Lambda's log-level filter, and falls back to standard output outside Lambda.
     * https://docs.aws.amazon.com/lambda/latest/dg/java-logging.html
     */
    static LogSink lambda() {
        return (line, level) -> LambdaRuntime.getLogger().log(line, level == null ? LogLevel.UNDEFINED
                : LogLevel.valueOf(level.name()));
    }

    static LogSink stream(PrintStream out) {
        return (line, level) -> {
            synchronized (out) {
                try {
                    out.write(line);
                } catch (IOException e) {
                    // PrintStream.write(byte[]) declares it but never throws; it sets its error flag instead.
                }
                out.flush();
            }
        };
    }

    /** The sink the settings describe. */
    static LogSink of(LogConfig settings) {
        return settings.lambdaRuntime() ? lambda() : stream(System.err);
    }
}
