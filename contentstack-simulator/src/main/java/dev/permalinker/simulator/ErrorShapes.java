package dev.permalinker.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shapes in which the simulated CMA answers errors, configurable so clients are tested against every shape
 * Contentstack is known to use. Which shapes are documented and which only observed: this module's README.
 */
public final class ErrorShapes {

    /** How every error body is written. */
    public enum Body {
        /** {@code {"error_message","error_code","errors"}}: documented (CMA "Errors"); the default. */
        STANDARD,
        /** {@code {"error_message","errors"}}: no {@code error_code} (observed in public captures). */
        WITHOUT_ERROR_CODE,
        /** {@code {"message":…}}: some answers carry only {@code message} (observed). */
        MESSAGE_ONLY,
        /** A {@code text/plain} body with the message (a proxy's or gateway's answer, not the CMA's). */
        NOT_JSON
    }

    /** How a missing asset is answered. */
    public enum MissingAsset {
        /** 422, {@code error_code} 145, "Asset was not found.", {@code errors.uid}: the default. */
        ASSET_NOT_FOUND_145(422, 145, "Asset was not found."),
        /** 422, {@code error_code} 141, "The requested object doesn't exist.", {@code errors.uid}. */
        OBJECT_DOES_NOT_EXIST_141(422, 141, "The requested object doesn't exist."),
        /** 404 with the 145 body: the other documented form of "not found". */
        NOT_FOUND_404(404, 145, "Asset was not found.");

        private final int status;
        private final int errorCode;
        private final String message;

        MissingAsset(int status, int errorCode, String message) {
            this.status = status;
            this.errorCode = errorCode;
            this.message = message;
        }

        public int status() {
            return status;
        }

        int errorCode() {
            return errorCode;
        }

        String message() {
            return message;
        }
    }

    private volatile Body body = Body.STANDARD;
    private volatile MissingAsset missingAsset = MissingAsset.ASSET_NOT_FOUND_145;

    void body(Body shape) {
        this.body = shape;
    }

    void missingAsset(MissingAsset answer) {
        this.missingAsset = answer;
    }

    MissingAsset missingAsset() {
        return missingAsset;
    }

    /** The content type of an error body in the current shape. */
    String contentType() {
        return body == Body.NOT_JSON ? "text/plain; charset=utf-8" : "application/json";
    }

    /** An error body in the current shape: a map to write as JSON, or a {@code String} to send as it is. */
    Object render(int code, String message, Map<String, Object> errors) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (body) {
            case NOT_JSON -> {
                return message;
            }
            case MESSAGE_ONLY -> out.put("message", message);
            case WITHOUT_ERROR_CODE -> {
                out.put("error_message", message);
                out.put("errors", errors);
            }
            default -> {
                out.put("error_message", message);
                out.put("error_code", code);
                out.put("errors", errors);
            }
        }
        return out;
    }

    /** {@code errors} naming the uid, as Contentstack's "not found" answers do. */
    static Map<String, Object> onUid() {
        return Map.of("uid", List.of("is not valid."));
    }
}
