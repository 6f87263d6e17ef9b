package dev.permalinker.cma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One CMA answer, read once: status, body, the parsed JSON and the rate-limit headers. The typed accessors are the
 * one place that knows the CMA's response shapes (https://www.contentstack.com/docs/developers/apis/content-management-api#errors).
 *
 * @param json               the parsed body, or a missing node when the body is not JSON
 * @param retryAfter         {@code Retry-After}, when the API sent one (Contentstack documents none)
 * @param rateLimitLimit     {@code X-RateLimit-Limit}: the organisation's requests per second for this kind of call
 * @param rateLimitRemaining {@code X-RateLimit-Remaining}: what is left of it in the current second
 */
public record CmaResponse(int status, String body, JsonNode json, Optional<Duration> retryAfter,
                          OptionalInt rateLimitLimit, OptionalInt rateLimitRemaining) {
    /** An error message is for a dead letter's detail: kept short. */
    static final int MAX_ERROR_MESSAGE = 200;

    /** An answer without rate-limit headers, its body parsed with {@code json}. */
    public static CmaResponse of(int status, String body, JsonCodec json) {
        return of(status, body, json, Optional.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    public static CmaResponse of(int status, String body, JsonCodec json, Optional<Duration> retryAfter,
                                 OptionalInt limit, OptionalInt remaining) {
        return new CmaResponse(status, body, parse(body, json), retryAfter, limit, remaining);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** {@code asset.permanent_url} when the answer carries an asset that has one. */
    public Optional<String> permanentUrl() {
        JsonNode url = json.path("asset").path("permanent_url");
        return url.isTextual() && !url.textValue().isBlank() ? Optional.of(url.textValue()) : Optional.empty();
    }

    /** The answer's {@code asset} object, when there is one. */
    public Optional<JsonNode> asset() {
        JsonNode asset = json.path("asset");
        return asset.isObject() ? Optional.of(asset) : Optional.empty();
    }

    /** The CMA's numeric {@code error_code} (e.g. 145: asset not found), when the answer is an error with one. */
    public OptionalInt errorCode() {
        JsonNode code = json.path("error_code");
        return code.canConvertToInt() ? OptionalInt.of(code.asInt()) : OptionalInt.empty();
    }

    /** The CMA's {@code error_message}, cut to {@value #MAX_ERROR_MESSAGE} characters; empty when there is none. */
    public String errorMessage() {
        JsonNode message = json.path("error_message");
        if (!message.isTextual()) {
            return "";
        }
        String text = message.textValue();
        return text.length() > MAX_ERROR_MESSAGE ? text.substring(0, MAX_ERROR_MESSAGE) : text;
    }

    private static JsonNode parse(String body, JsonCodec json) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    @Override
    public String toString() {
        return "CmaResponse[" + status + (errorCode().isPresent() ? " error_code " + errorCode().getAsInt() : "") + "]";
    }
}
