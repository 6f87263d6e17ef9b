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

    /** Why an I/O call failed, never {@code null}: its message, or its class where it has none (a refused connect). */
    public static String reason(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
