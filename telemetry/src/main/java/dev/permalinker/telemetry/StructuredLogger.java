package dev.permalinker.telemetry;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * An SLF4J logger that writes {@link LogLine}s. Fields come from the fluent API's key-value pairs
 * ({@code LOG.atInfo().addKeyValue("outcome", …).log("…")}) and from the MDC (e.g. {@code requestId}), so the
 * code logs through plain SLF4J and the AWS SDK's own warnings come out in the same layout.
 */
public final class StructuredLogger extends LegacyAbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;

    private final transient LogConfig settings;
    private final transient LogSink sink;
    private final transient Clock clock;
    private final transient LogTaps taps;
    /** The taps keep the project's INFO events whatever the terminal's level (serve's log must tell every job). */
    private final transient Level tapThreshold;
    private final String shortName;

    public StructuredLogger(String name, LogConfig settings, LogSink sink, Clock clock) {
        this(name, settings, sink, clock, new LogTaps());
    }

    /** @param taps extra sinks that get every written event as JSON (serve's log file) */
    public StructuredLogger(String name, LogConfig settings, LogSink sink, Clock clock, LogTaps taps) {
        this.taps = taps;
        this.tapThreshold = name.startsWith("dev.permalinker.") ? Level.INFO : Level.WARN;
        this.name = name;
        this.shortName = name.substring(name.lastIndexOf('.') + 1);
        this.settings = settings.forLogger(name);
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public void log(LoggingEvent event) {
        if (!enabled(event.getLevel())) {
            return;
        }
        Map<String, Object> fields = contextFields();
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                fields.put(pair.key, pair.value);
            }
        }
        String message = MessageFormatter.basicArrayFormat(event.getMessage(), event.getArgumentArray());
        write(event.getLevel(), message, fields, event.getThrowable());
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        write(level, MessageFormatter.basicArrayFormat(pattern, arguments), contextFields(), throwable);
    }

    private void write(Level level, String message, Map<String, Object> fields, Throwable error) {
        LogLine line = new LogLine(clock.instant().truncatedTo(ChronoUnit.MILLIS), level, shortName,
                message == null ? "" : message, fields, error);
        if (settings.enabled(level)) {
            sink.write(settings.format() == LogConfig.Format.JSON ? line.json() : line.text(), level);
        }
        if (taps.attached() && level.toInt() >= tapThreshold.toInt()) {
            taps.write(line);
        }
    }

    private static Map<String, Object> contextFields() {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return context == null ? new LinkedHashMap<>() : new LinkedHashMap<>(context);
    }

    /** Written to the process's sink, or to an attached tap. */
    private boolean enabled(Level level) {
        return settings.enabled(level) || taps.attached() && level.toInt() >= tapThreshold.toInt();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }
}
