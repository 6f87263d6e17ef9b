package dev.permalinker.cma;

import dev.permalinker.cma.CmaAnswer.Kind;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.simulator.ErrorShapes;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Every CMA answer shape we know of about one asset, with what it means: the documented ones (CMA reference
 * "Errors", "Get a single asset", "Rate limiting"; CONTENTSTACK-FACTS "Assets"), those observed in public captures, and
 * the simulator's ({@code ErrorShapes}: standard, without {@code error_code}, {@code message} only, not JSON). Shared
 * (cma-client's test jar) by the classification's own test and by the stages that read it, the worker and
 * {@code trace}, so they are held to one table.
 */
public final class CmaAnswerSamples {
    private static final JsonCodec JSON = JsonCodec.create();

    /** One recorded answer: where the shape comes from, the status, the body, and what it means. */
    public record Sample(String source, int status, String body, Kind kind) {
        public CmaResponse response() {
            return CmaResponse.of(status, body, JSON);
        }

        @Override
        public String toString() {
            return status + " " + source + " -> " + kind;
        }
    }

    private static final String ASSET = "{\"asset\":{\"uid\":\"bltasset000000001\",\"filename\":\"hero.png\","
            + "\"url\":\"https://images.contentstack.io/v3/assets/bltstack0000000001/bltasset000000001/x/hero.png\","
            + "\"content_type\":\"image/png\",\"file_size\":\"1024\",\"title\":\"hero.png\",\"is_dir\":false,"
            + "\"created_at\":\"2026-11-20T09:14:07.311Z\"}}";

    private CmaAnswerSamples() {
    }

    public static List<Sample> all() {
        return List.of(
                new Sample("get a single asset", 200, ASSET, Kind.DONE),
                new Sample("update asset", 200, "{\"notice\":\"Asset updated successfully.\","
                        + ASSET.substring(1), Kind.DONE),
                new Sample("upload asset", 201, ASSET, Kind.DONE),
                // "Not found": 422 with 145, 422 with 141, or 404 (CONTENTSTACK-FACTS "Assets"), in every body shape.
                new Sample("422/145 standard", 422, "{\"error_message\":\"Asset was not found.\",\"error_code\":145,"
                        + "\"errors\":{\"uid\":[\"is not valid.\"]}}", Kind.MISSING),
                new Sample("422/145 without errors", 422, "{\"error_message\":\"Asset was not found.\","
                        + "\"error_code\":145}", Kind.MISSING),
                new Sample("422/141 doesn't exist", 422, "{\"error_message\":\"The requested object doesn't exist.\","
                        + "\"error_code\":141,\"errors\":{\"uid\":[\"is not valid.\"]}}", Kind.MISSING),
                new Sample("422/141 doesn't exist, no errors", 422, "{\"error_message\":\"The requested object "
                        + "doesn't exist.\",\"error_code\":141}", Kind.MISSING),
                new Sample("422/141 other words, errors.uid", 422, "{\"error_message\":\"Failed.\",\"error_code\":141,"
                        + "\"errors\":{\"uid\":[\"is not valid.\"]}}", Kind.MISSING),
                new Sample("422/141 errors.asset_uid", 422, "{\"error_message\":\"Failed.\",\"error_code\":141,"
                        + "\"errors\":{\"asset_uid\":[\"is not valid.\"]}}", Kind.MISSING),
                new Sample("422 without error_code", 422, "{\"error_message\":\"Asset was not found.\","
                        + "\"errors\":{\"uid\":[\"is not valid.\"]}}", Kind.MISSING),
                new Sample("422 errors only", 422, "{\"errors\":{\"uid\":[\"is not valid.\"]}}", Kind.MISSING),
                new Sample("422 message only", 422, "{\"message\":\"Asset was not found.\"}", Kind.MISSING),
                new Sample("422 message only, does not exist", 422, "{\"message\":\"The requested object does not "
                        + "exist.\"}", Kind.MISSING),
                new Sample("422 curly apostrophe", 422, "{\"error_message\":\"The requested object doesn\u2019t "
                        + "exist.\"}", Kind.MISSING),
                new Sample("422 not JSON", 422, "Asset was not found.", Kind.MISSING),
                new Sample("404 standard", 404, "{\"error_message\":\"Asset was not found.\",\"error_code\":145,"
                        + "\"errors\":{\"uid\":[\"is not valid.\"]}}", Kind.MISSING),
                new Sample("404 not JSON", 404, "Not Found", Kind.MISSING),
                new Sample("404 empty", 404, "", Kind.MISSING),
                new Sample("400 does not exist", 400, "{\"error_message\":\"The requested object does not exist.\"}",
                        Kind.MISSING),
                // Credentials: 401 (token), 403, 412 (API key, or a stack on another region's host).
                new Sample("412/109 standard", 412, "{\"error_message\":\"We couldn't find the API key. Please check "
                        + "and try again.\",\"error_code\":109,\"errors\":{\"api_key\":[\"is not valid.\"]}}",
                        Kind.CREDENTIALS_REFUSED),
                new Sample("412/109 code as text", 412, "{\"error_code\":\"109\",\"error_message\":\"Api key is "
                        + "invalid.\"}", Kind.CREDENTIALS_REFUSED),
                new Sample("412 message only", 412, "{\"message\":\"We couldn't find the API key.\"}",
                        Kind.CREDENTIALS_REFUSED),
                new Sample("401/105 standard", 401, "{\"error_message\":\"You're not allowed in here unless you're "
                        + "logged in.\",\"error_code\":105,\"errors\":{\"authorization\":[\"is not valid.\"]}}",
                        Kind.CREDENTIALS_REFUSED),
                new Sample("401 message only", 401, "{\"message\":\"Unauthorized\"}", Kind.CREDENTIALS_REFUSED),
                new Sample("401 not JSON", 401, "You're not allowed in here unless you're logged in.",
                        Kind.CREDENTIALS_REFUSED),
                new Sample("403 empty", 403, "", Kind.CREDENTIALS_REFUSED),
                // Rate limit: 429, never with Retry-After (CMA "Rate limiting").
                new Sample("429 standard", 429, "{\"error_message\":\"Too many requests. Please retry after some "
                        + "time.\",\"error_code\":429}", Kind.THROTTLED),
                new Sample("429 empty", 429, "", Kind.THROTTLED),
                new Sample("500 standard", 500, "{\"error_message\":\"Something went wrong. Please try again later.\","
                        + "\"error_code\":500}", Kind.TRANSIENT),
                new Sample("502 gateway page", 502, "<html><body>502 Bad Gateway</body></html>", Kind.TRANSIENT),
                new Sample("503 empty", 503, "", Kind.TRANSIENT),
                new Sample("504 message only", 504, "{\"message\":\"Endpoint request timed out\"}", Kind.TRANSIENT),
                // 141 is also the generic validation code: an errors entry on another field is no "not found".
                new Sample("422/141 permanent_url invalid", 422, "{\"error_message\":\"Asset update failed.\","
                        + "\"error_code\":141,\"errors\":{\"permanent_url\":[\"is not valid.\"]}}", Kind.REJECTED),
                new Sample("422/141 permanent_url already set", 422, "{\"error_message\":\"Asset update failed.\","
                        + "\"error_code\":141,\"errors\":{\"permanent_url\":[\"is already set and cannot be "
                        + "changed.\"]}}", Kind.REJECTED),
                new Sample("422/141 update failed, no errors", 422, "{\"error_code\":141,\"error_message\":\"Asset "
                        + "update failed.\"}", Kind.REJECTED),
                new Sample("422/141 environment", 422, "{\"error_message\":\"Failed.\",\"error_code\":141,"
                        + "\"errors\":{\"environment\":[\"is required.\"]}}", Kind.REJECTED),
                new Sample("400/141 content type", 400, "{\"error_message\":\"The Content-Type header must be "
                        + "application/json.\",\"error_code\":141}", Kind.REJECTED),
                new Sample("400 message only", 400, "{\"message\":\"Bad request shape\"}", Kind.REJECTED),
                new Sample("400 unknown code", 400, "{\"error_code\":999}", Kind.REJECTED),
                new Sample("400 proxy page", 400, "<html>proxy says no</html>", Kind.REJECTED),
                new Sample("405 standard", 405, "{\"error_message\":\"Method not allowed.\",\"error_code\":405}",
                        Kind.REJECTED),
                new Sample("409 conflict", 409, "{\"error_message\":\"Conflict.\"}", Kind.REJECTED),
                new Sample("302 redirect", 302, "", Kind.REJECTED));
    }

    /**
     * Every way the simulator answers for an asset that is not there, for a parameterized test: each
     * {@link ErrorShapes.MissingAsset} in each {@link ErrorShapes.Body} (the arguments, in that order).
     */
    public static Stream<Arguments> simulatorMissingAssets() {
        return Arrays.stream(ErrorShapes.MissingAsset.values()).flatMap(missing -> Arrays.stream(
                ErrorShapes.Body.values()).map(body -> Arguments.of(missing, body)));
    }

    /** The samples that are not {@link Kind#DONE}: the refusals. */
    public static List<Sample> refusals() {
        return all().stream().filter(sample -> sample.kind() != Kind.DONE).toList();
    }
}
