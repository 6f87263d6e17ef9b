package dev.permalinker.cma;

import dev.permalinker.model.Region;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * What one CMA answer about an asset means, classified once: the worker, the reconciler and {@code trace} read the same
 * verdict, so they can no longer disagree about an answer (a table-driven test feeds every recorded shape through it).
 * The rules follow the CMA's answers as Contentstack documents and sends them
 * (https://www.contentstack.com/docs/developers/apis/content-management-api#errors):
 * <ul>
 *   <li>{@link Kind#DONE}: a 2xx;</li>
 *   <li>{@link Kind#MISSING}: the asset does not exist, in any of the shapes Contentstack uses: 404; 422 with
 *       {@code error_code} 145 ("Asset was not found."); 422 with 141, or with no code, and an {@code errors} entry on
 *       {@code uid} or {@code asset_uid}; a 4xx whose message says the object does not exist or the asset was not
 *       found (some answers carry only {@code message});</li>
 *   <li>{@link Kind#CREDENTIALS_REFUSED}: 401, 403 or 412 (412 with 109: a wrong API key, or a stack on another
 *       region's host: {@link #regionHint});</li>
 *   <li>{@link Kind#THROTTLED}: 429; {@link Kind#TRANSIENT}: 5xx; both worth another try;</li>
 *   <li>{@link Kind#REJECTED}: anything else (a validation error, an unexpected status).</li>
 * </ul>
 *
 * @param detail the answer's words for a log line or a dead letter ({@link CmaResponse#errorText()})
 */
public record CmaAnswer(Kind kind, int status, OptionalInt errorCode, String detail) {

    /** The classes of answer; each stage decides what one means for its own work. */
    public enum Kind {
        DONE, MISSING, CREDENTIALS_REFUSED, THROTTLED, TRANSIENT, REJECTED;

        /** Whether another try may give a different answer: throttled or transient. */
        public boolean retryable() {
            return this == THROTTLED || this == TRANSIENT;
        }
    }

    public static CmaAnswer of(CmaResponse response) {
        return new CmaAnswer(kind(response), response.status(), response.errorCode(), response.errorText());
    }

    private static Kind kind(CmaResponse response) {
        int status = response.status();
        if (response.isSuccess()) {
            return Kind.DONE;
        }
        if (isAssetMissing(response)) {
            return Kind.MISSING;
        }
        if (status == 401 || status == 403 || status == 412) {
            return Kind.CREDENTIALS_REFUSED;
        }
        if (status == 429) {
            return Kind.THROTTLED;
        }
        return status >= 500 ? Kind.TRANSIENT : Kind.REJECTED;
    }

    private static boolean isAssetMissing(CmaResponse response) {
        int status = response.status();
        if (status == 404) {
            return true;
        }
        int code = response.errorCode().orElse(0);
        if (status == 422 && code == CmaErrorCode.ASSET_NOT_FOUND) {
            return true;
        }
        if (status == 422 && (code == CmaErrorCode.OBJECT_DOES_NOT_EXIST || response.errorCode().isEmpty())
                && (response.errorFields().contains("uid") || response.errorFields().contains("asset_uid"))) {
            return true;
        }
        String message = response.errorText().toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        return status >= 400 && status < 500 && (message.contains("doesn't exist")
                || message.contains("does not exist") || message.contains("asset") && message.contains("not found"));
    }

    /** The answer in words: {@code 422 error_code 145: Asset was not found.} */
    public String describe() {
        String code = errorCode.isPresent() ? " error_code " + errorCode.getAsInt() : "";
        return status + code + (detail.isEmpty() ? "" : ": " + detail);
    }

    /** 412 with {@code error_code} 109: a wrong API key, or a stack asked for on another region's host. */
    public boolean wrongApiKeyOrRegion() {
        return status == 412 && errorCode.orElse(0) == CmaErrorCode.API_KEY_OR_REGION;
    }

    /**
     * Names the region for refused credentials, so the operator checks {@code CS_REGION} too:
     * {@code ; wrong API key, or the stack is not in CS_REGION EU (eu-api.contentstack.com)} for 412/109, else
     * {@code ; region CS_REGION EU (…)}.
     */
    public String regionHint(Region region) {
        String named = "CS_REGION " + region.configName() + " (" + region.cmaHost() + ")";
        return wrongApiKeyOrRegion() ? "; wrong API key, or the stack is not in " + named : "; region " + named;
    }
}
