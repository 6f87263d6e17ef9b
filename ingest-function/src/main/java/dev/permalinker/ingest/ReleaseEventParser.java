package dev.permalinker.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.ingest.WebhookParser.InvalidWebhookException;
import dev.permalinker.model.Identifiers;
import dev.permalinker.model.WebhookEvent;
import java.util.Locale;

/**
 * Recognises the webhooks that belong to a release or a bulk publish, from Contentstack's "Webhook Data Format":
 * <ul>
 *   <li>an item published (or unpublished, any module) through a release carries a top-level
 *       {@code "source":{"type":"release","uid":…,"title":…}};</li>
 *   <li>a release deploy is {@code "module":"release","event":"deploy"} with the release in {@code data.release}
 *       ({@code uid}, {@code name}, {@code items[]});</li>
 *   <li>a bulk publish (no release) carries {@code "bulk": true}.</li>
 * </ul>
 * The environment is {@code data.environment.name} (or its {@code uid}, or a plain string); the locale
 * {@code data.locale}; the item {@code data.entry.uid} or {@code data.asset.uid}. All of them optional: they only
 * refine the event's identity. Docs: https://www.contentstack.com/docs/developers/set-up-webhooks/webhook-data-format
 */
final class ReleaseEventParser {
    static final String MODULE_RELEASE = "release";
    static final String EVENT_DEPLOY = "deploy";

    private ReleaseEventParser() {
    }

    /** What the webhook says about its release or bulk publish. */
    record ReleaseTrigger(boolean bulk, String releaseUid, String title, String environment, String locale,
                          String itemUid) {
    }

    /**
     * The release or bulk publish {@code root} belongs to, or {@code null} for an ordinary event. Throws
     * {@code invalid_payload} naming the field for a {@code source} that is not an object, a {@code source.type}
     * or {@code bulk} of the wrong type, and a release without a usable uid.
     */
    static ReleaseTrigger read(JsonNode root, WebhookEvent event) throws InvalidWebhookException {
        JsonNode data = root.path("data");
        JsonNode source = root.get("source");
        if (source != null && !source.isNull()) {
            if (!source.isObject()) {
                throw invalid("source must be an object, was " + type(source));
            }
            String sourceType = optionalText(source, "type", "source.type");
            if (MODULE_RELEASE.equals(sourceType)) {
                String uid = releaseUid(source, "source.uid");
                return new ReleaseTrigger(false, uid, optionalText(source, "title", "source.title"),
                        environment(data.get("environment")), optionalText(data, "locale", "data.locale"),
                        itemUid(data));
            }
        }
        if (MODULE_RELEASE.equals(event.module()) && EVENT_DEPLOY.equals(event.event())) {
            JsonNode release = data.get("release");
            if (release == null || !release.isObject()) {
                throw invalid("data.release is required for a release deploy and must be an object");
            }
            String uid = releaseUid(release, "data.release.uid");
            return new ReleaseTrigger(false, uid, optionalText(release, "name", "data.release.name"),
                    environment(data.get("environment")), optionalText(data, "locale", "data.locale"), uid);
        }
        JsonNode bulk = root.get("bulk");
        if (bulk != null && !bulk.isNull()) {
            if (!bulk.isBoolean()) {
                throw invalid("bulk must be a boolean, was " + type(bulk));
            }
            if (bulk.booleanValue()) {
                return new ReleaseTrigger(true, "", "", environment(data.get("environment")),
                        optionalText(data, "locale", "data.locale"), itemUid(data));
            }
        }
        // An ordinary event: its data.environment and data.locale are not ours to judge (a locale webhook carries
        // the locale as an object), so they are read only once the event is known to be a release's.
        return null;
    }

    private static String releaseUid(JsonNode node, String path) throws InvalidWebhookException {
        JsonNode uid = node.get("uid");
        if (uid == null || uid.isNull()) {
            throw invalid(path + " is required: the release's uid");
        }
        if (!uid.isTextual() || !Identifiers.isSafe(uid.textValue())) {
            throw invalid(path + " must be a string matching " + Identifiers.SAFE_ID.pattern());
        }
        return uid.textValue();
    }

    private static String environment(JsonNode node) throws InvalidWebhookException {
        if (node == null || node.isNull()) {
            return "";
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (!node.isObject()) {
            throw invalid("data.environment must be an object, was " + type(node));
        }
        String name = optionalText(node, "name", "data.environment.name");
        return name.isEmpty() ? optionalText(node, "uid", "data.environment.uid") : name;
    }

    private static String itemUid(JsonNode data) {
        for (String module : new String[] {"entry", "asset"}) {
            JsonNode uid = data.path(module).path("uid");
            if (uid.isTextual()) {
                return module + ":" + uid.textValue();
            }
        }
        return "";
    }

    private static String optionalText(JsonNode node, String field, String path) throws InvalidWebhookException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw invalid(path + " must be a string, was " + type(value));
        }
        return value.textValue();
    }

    private static String type(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static InvalidWebhookException invalid(String message) {
        return new InvalidWebhookException(ErrorCode.INVALID_PAYLOAD, message);
    }
}
