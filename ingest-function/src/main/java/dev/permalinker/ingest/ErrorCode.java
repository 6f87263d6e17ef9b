package dev.permalinker.ingest;

import java.util.Locale;

/** Why the ingest refused a request, with its HTTP status; {@link #wire()} is the stable {@code error.code}. */
public enum ErrorCode {
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    UNAUTHENTICATED(401),
    INVALID_JSON(400),
    INVALID_PAYLOAD(400),
    UNKNOWN_STACK(403),
    QUEUE_UNAVAILABLE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
