package dev.permalinker.ops.trace;

/** A part of the story that could not be read (no credentials, a source unreachable); the trace goes on without it. */
public final class TraceGap extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TraceGap(String message) {
        super(message);
    }

    public TraceGap(String message, Throwable cause) {
        super(message, cause);
    }
}
