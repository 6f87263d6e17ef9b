package dev.permalinker.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.AssetInfo;
import dev.permalinker.model.Identifiers;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermanentUrl;
import dev.permalinker.model.WebhookEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads a Contentstack webhook body into a {@link WebhookEvent}, or says precisely which field is wrong.
 *
 * <p>Every event needs {@code module}, {@code event}, {@code api_key}, {@code triggered_at} and {@code data}; an
 * asset creation also needs {@code data.asset.uid}. {@code data.branch} is {@code {"uid","source","alias":[…]}}:
 * the branch uid goes into the job (an alias names the same branch, and may be re-pointed before the write).
 * Unknown fields are ignored.
 */
public final class WebhookParser {
    private final JsonCodec json;

    public WebhookParser(JsonCodec json) {
        this.json = json;
    }

    /** A body that is not JSON ({@link ErrorCode#INVALID_JSON}) or not a webhook ({@code INVALID_PAYLOAD}). */
    public static final class InvalidWebhookException extends Exception {
        private final ErrorCode code;

        InvalidWebhookException(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public ErrorCode code() {
            return code;
        }
    }

    public WebhookEvent parse(byte[] body) throws InvalidWebhookException {
        return parse(readTree(body));
    }

    /** The body as a JSON tree, or {@link ErrorCode#INVALID_JSON}. */
    public JsonNode readTree(byte[] body) throws InvalidWebhookException {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            // The parser's own words; it quotes at most a few characters of the token it choked on.
            throw new InvalidWebhookException(ErrorCode.INVALID_JSON, "body is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidWebhookException(ErrorCode.INVALID_JSON, "body is not valid JSON");
        }
        return root;
    }

    /** A webhook read from its JSON tree ({@link #readTree}). */
    public WebhookEvent parse(JsonNode root) throws InvalidWebhookException {
        if (!root.isObject()) {
            throw invalid("the body must be a JSON object, was " + root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        String module = text(root, "module");
        String event = text(root, "event");
        String apiKey = text(root, "api_key");
        if (!Identifiers.isSafe(apiKey)) {
            throw invalid("api_key must match " + Identifiers.SAFE_ID.pattern());
        }
        Instant triggeredAt = instant(root, "triggered_at");
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw invalid("data is required and must be an object");
        }
        String branch = Identifiers.DEFAULT_BRANCH;
        JsonNode branchNode = data.get("branch");
        if (branchNode != null && !branchNode.isNull()) {
            if (!branchNode.isObject()) {
                throw invalid("data.branch must be an object");
            }
            branch = text(branchNode, "uid", "data.branch.uid");
            if (!Identifiers.isSafe(branch)) {
                throw invalid("data.branch.uid must match " + Identifiers.SAFE_ID.pattern());
            }
        }
        AssetInfo asset = null;
        if (WebhookEvent.MODULE_ASSET.equals(module) && WebhookEvent.EVENT_CREATE.equals(event)) {
            asset = asset(data.get("asset"));
        }
        return new WebhookEvent(module, event, apiKey, triggeredAt, branch, asset);
    }

    /**
     * {@code data.asset}: the uid is required; {@code url} and {@code filename} are absent from a concise payload
     * (the worker reads them from the CMA); a {@code url} that is present must be an absolute https URL.
     */
    private AssetInfo asset(JsonNode node) throws InvalidWebhookException {
        if (node == null || !node.isObject()) {
            throw invalid("data.asset is required and must be an object");
        }
        String uid = text(node, "uid", "data.asset.uid");
        if (!Identifiers.isSafe(uid)) {
            throw invalid("data.asset.uid must match " + Identifiers.SAFE_ID.pattern());
        }
        String url = optionalText(node, "url", "data.asset.url");
        if (!url.isEmpty() && PermanentUrl.deliveryHostOrNull(url) == null) {
            throw invalid("data.asset.url must be an absolute https URL");
        }
        JsonNode isDir = node.get("is_dir");
        if (isDir != null && !isDir.isNull() && !isDir.isBoolean()) {
            throw invalid("data.asset.is_dir must be a boolean");
        }
        return new AssetInfo(uid, optionalText(node, "filename", "data.asset.filename"),
                url, optionalText(node, "title", "data.asset.title"),
                optionalText(node, "content_type", "data.asset.content_type"),
                node.hasNonNull("file_size") ? node.get("file_size").asText() : "",
                isDir != null && isDir.asBoolean(false));
    }

    private static String text(JsonNode node, String field) throws InvalidWebhookException {
        return text(node, field, field);
    }

    private static String text(JsonNode node, String field, String path) throws InvalidWebhookException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw invalid(path + " is required");
        }
        if (!value.isTextual()) {
            throw invalid(path + " must be a string, was " + value.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String field, String path) throws InvalidWebhookException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw invalid(path + " must be a string, was " + value.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return value.textValue();
    }

    private static Instant instant(JsonNode node, String field) throws InvalidWebhookException {
        String value = text(node, field);
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(field + " must be an ISO-8601 timestamp such as 2026-11-20T09:14:07.502Z");
        }
    }

    private static InvalidWebhookException invalid(String message) {
        return new InvalidWebhookException(ErrorCode.INVALID_PAYLOAD, message);
    }
}
