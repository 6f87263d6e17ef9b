package dev.permalinker.telemetry;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Extra sinks that receive a copy of every written event as a JSON line, whatever the process's own format: the
 * local runner's {@code serve} keeps its events in a file this way (text on the terminal, JSON on disk) for
 * {@code permalinker-ops trace}. Taps get the project's events from INFO up and libraries' from WARN up, whatever the
 * process's own level. A failing tap never stops the process's own logging.
 */
public final class LogTaps {
    private final List<LogSink> sinks = new CopyOnWriteArrayList<>();

    /** The taps of the process's SLF4J binding, when it is this module's; empty under another binding. */
    public static Optional<LogTaps> ofProcess() {
        return LoggerFactory.getILoggerFactory() instanceof StructuredLoggerFactory factory
                ? Optional.of(factory.taps()) : Optional.empty();
    }

    /** Adds {@code sink}; closing the answer removes it again. */
    public AutoCloseable attach(LogSink sink) {
        sinks.add(sink);
        return () -> sinks.remove(sink);
    }

    /** Whether any sink is attached. */
    public boolean attached() {
        return !sinks.isEmpty();
    }

    void write(LogLine line) {
        if (sinks.isEmpty()) {
            return;
        }
        byte[] json = line.json();
        for (LogSink sink : sinks) {
            try {
                sink.write(json, line.level());
            } catch (RuntimeException e) {
                // A full disk must not take the pipeline down; the terminal still has the event.
            }
        }
    }
}
