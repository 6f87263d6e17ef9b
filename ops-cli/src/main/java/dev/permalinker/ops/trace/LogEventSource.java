package dev.permalinker.ops.trace;

import java.time.Instant;
import java.util.List;

/** Where the pipeline's log events are kept: serve's JSON log file, or CloudWatch Logs on AWS. */
public interface LogEventSource {

    /**
     * The events carrying {@code assetUid} between {@code from} and {@code to}, oldest first.
     *
     * @throws TraceGap when the log cannot be read; the trace tells what it could and names the gap
     */
    List<LogEvent> eventsFor(String assetUid, Instant from, Instant to);

    /** What is read, for the story: a file's path, or the log groups. */
    String describe();

    /** A log that cannot be read, for {@code reason}. */
    static LogEventSource unavailable(String reason) {
        return new LogEventSource() {
            @Override
            public List<LogEvent> eventsFor(String assetUid, Instant from, Instant to) {
                throw new TraceGap(reason);
            }

            @Override
            public String describe() {
                return "(none)";
            }
        };
    }
}
