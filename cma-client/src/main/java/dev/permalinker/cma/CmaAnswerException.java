package dev.permalinker.cma;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * The CMA answered, but not with what the call reads: a refusal (any non-2xx), a body that is not JSON, or JSON
 * without the expected shape (e.g. no {@code webhooks} array). An {@link IOException}, so a caller that only needs
 * "no usable answer" catches one type; {@link #kind()} tells the cases apart. The message names the call and the
 * status, never a token.
 */
public final class CmaAnswerException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why the answer could not be used; {@link #code()} is a stable wire code for logs and metrics. */
    public enum Kind {
        /** A non-2xx answer (401, 412, 422, 429, 5xx …). */
        REFUSED("refused"),
        /** A 2xx whose body is not JSON. */
        NOT_JSON("not_json"),
        /** A 2xx JSON body without the expected fields. */
        UNEXPECTED_SHAPE("unexpected_shape");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Kind kind;
    private final int status;
    private final OptionalInt errorCode;

    public CmaAnswerException(Kind kind, int status, OptionalInt errorCode, String message) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.errorCode = errorCode;
    }

    /** Reads {@code response} as a refusal, or a body that is not JSON, of the call {@code call} (e.g. a path). */
    static CmaAnswerException of(String call, CmaResponse response) {
        if (!response.isSuccess()) {
            String message = response.errorMessage();
            return new CmaAnswerException(Kind.REFUSED, response.status(), response.errorCode(),
                    call + ": the CMA answered " + response.status()
                            + (response.errorCode().isPresent() ? " (error_code " + response.errorCode().getAsInt()
                            + ")" : "") + (message.isEmpty() ? "" : ": " + message));
        }
        return new CmaAnswerException(Kind.NOT_JSON, response.status(), OptionalInt.empty(),
                call + ": the CMA answered " + response.status() + " with a body that is not JSON");
    }

    static CmaAnswerException shape(String call, int status, String expected) {
        return new CmaAnswerException(Kind.UNEXPECTED_SHAPE, status, OptionalInt.empty(),
                call + ": the CMA answered " + status + " without " + expected);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** The CMA's {@code error_code}, when a refusal carried one. */
    public OptionalInt errorCode() {
        return errorCode;
    }
}
