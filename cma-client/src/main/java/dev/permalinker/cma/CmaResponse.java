package dev.permalinker.cma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /** What the answer means ({@link CmaAnswer}): done, missing, credentials refused, throttled, transient… */
    public CmaAnswer answer() {
        return CmaAnswer.of(this);
    }

    /** {@code asset.permanent_url} when the answer carries an asset that has one. */
    public Optional<String> permanentUrl() {
        return asset().flatMap(CmaAsset::permanentUrl);
    }

    /** The answer's {@code asset} object ({@code GET /v3/assets/{uid}}), when there is one. */
    public Optional<CmaAsset> asset() {
        JsonNode asset = json.path("asset");
        return asset.isObject() ? Optional.of(CmaAsset.of(asset)) : Optional.empty();
    }

    /** The answer's {@code assets} array ({@code GET /v3/assets}), in the CMA's order, when there is one. */
    public Optional<List<CmaAsset>> assets() {
        JsonNode assets = json.path("assets");
        if (!assets.isArray()) {
            return Optional.empty();
        }
        List<CmaAsset> list = new ArrayList<>(assets.size());
        assets.forEach(node -> list.add(CmaAsset.of(node)));
        return Optional.of(list);
    }

    /** The listing's {@code count} ({@code include_count=true}), when it is a whole number of at least 0. */
    public OptionalInt count() {
        JsonNode count = json.path("count");
        return count.isNumber() && count.canConvertToInt() && count.asInt() >= 0 ? OptionalInt.of(count.asInt())
                : OptionalInt.empty();
    }

    /**
     * The CMA's numeric {@code error_code} (e.g. 145: asset not found; 141: object does not exist; 109: wrong API key
     * or region), when the answer is an error with one; a numeric string is read too. Empty, never an exception,
     * when the field is missing or of another type.
     */
    public OptionalInt errorCode() {
        JsonNode code = json.path("error_code");
        if (code.canConvertToInt() && code.isIntegralNumber()) {
            return OptionalInt.of(code.asInt());
        }
        if (code.isTextual() && code.textValue().strip().matches("\\d{1,9}")) {
            return OptionalInt.of(Integer.parseInt(code.textValue().strip()));
        }
        return OptionalInt.empty();
    }

    /**
     * The error's message: the CMA's {@code error_message}, else the {@code message} some answers carry instead,
     * cut to {@value #MAX_ERROR_MESSAGE} characters; empty when the body has neither (or is not JSON).
     */
    public String errorMessage() {
        for (String field : new String[] {"error_message", "message"}) {
            JsonNode message = json.path(field);
            if (message.isTextual() && !message.textValue().isBlank()) {
                return cut(message.textValue().strip());
            }
        }
        return "";
    }

    /**
     * The fields named in the error's {@code errors} object ({@code {"errors":{"uid":["is not valid."]}}}), in the
     * order given; empty when there is none.
     */
    public List<String> errorFields() {
        JsonNode errors = json.path("errors");
        List<String> fields = new ArrayList<>();
        if (errors.isObject()) {
            errors.fieldNames().forEachRemaining(fields::add);
        }
        return fields;
    }

    /**
     * Everything an operator needs to read in a dead letter's {@code failure.detail}, whatever the error's shape: the
     * message ({@code error_message} or {@code message}) followed by the {@code errors} entries
     * ({@code uid is not valid.}); for a body that is not JSON or has neither, the body's own text, whitespace
     * collapsed; cut to {@value #MAX_ERROR_MESSAGE} characters; empty only for an empty body.
     */
    public String errorText() {
        StringBuilder text = new StringBuilder(errorMessage());
        JsonNode errors = json.path("errors");
        if (errors.isObject()) {
            errors.fields().forEachRemaining(entry -> {
                text.append(text.isEmpty() ? "" : "; ").append(entry.getKey());
                JsonNode value = entry.getValue();
                if (value.isArray()) {
                    value.forEach(item -> text.append(' ').append(item.isTextual() ? item.textValue() : item));
                } else if (!value.isNull()) {
                    text.append(' ').append(value.isTextual() ? value.textValue() : value);
                }
            });
        } else if (errors.isArray()) {
            errors.forEach(item -> text.append(text.isEmpty() ? "" : "; ")
                    .append(item.isTextual() ? item.textValue() : item));
        }
        if (text.isEmpty() && body != null) {
            text.append(body.strip().replaceAll("\\s+", " "));
        }
        return cut(text.toString());
    }

    /**
     * At most {@value #MAX_ERROR_MESSAGE} characters, never half a surrogate pair, control characters as spaces: the
     * text becomes a dead letter's {@code failure.detail}, and an SQS message attribute takes only valid XML
     * characters (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
     */
    private static String cut(String text) {
        int end = Math.min(text.length(), MAX_ERROR_MESSAGE);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        // A lone surrogate (half a pair, already in the CMA's text) matches the range; a whole pair is one code point
        // outside it and stays.
        return text.substring(0, end).replaceAll("\\p{Cntrl}", " ").replaceAll("[\\x{D800}-\\x{DFFF}]", "?");
    }

    private static JsonNode parse(String body, JsonCodec json) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // Not JSON (an HTML error page, a proxy's text): the typed accessors answer empty, errorText() the text.
            return MissingNode.getInstance();
        }
    }

    @Override
    public String toString() {
        return "CmaResponse[" + status + (errorCode().isPresent() ? " error_code " + errorCode().getAsInt() : "") + "]";
    }
}
