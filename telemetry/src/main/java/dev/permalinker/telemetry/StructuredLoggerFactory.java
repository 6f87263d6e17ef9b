package dev.permalinker.telemetry;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/** The loggers of this module's SLF4J binding, one per name, sharing one configuration, sink and set of taps. */
public final class StructuredLoggerFactory implements ILoggerFactory {
    private final ConcurrentMap<String, Logger> byName = new ConcurrentHashMap<>();
    private final LogConfig settings;
    private final LogSink sink;
    private final Clock clock;
    private final LogTaps taps = new LogTaps();

    public StructuredLoggerFactory(LogConfig settings, LogSink sink, Clock clock) {
        this.settings = settings;
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public Logger getLogger(String name) {
        return byName.computeIfAbsent(name, n -> new StructuredLogger(n, settings, sink, clock, taps));
    }

    public LogTaps taps() {
        return taps;
    }
}
