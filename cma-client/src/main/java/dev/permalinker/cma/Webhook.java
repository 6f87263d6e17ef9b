package dev.permalinker.cma;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stack's webhook as {@code GET /v3/webhooks} describes it: what it listens to, where it delivers, and whether
 * Contentstack still delivers it. Read tolerantly: unknown fields are ignored, a missing field takes the default
 * given below. https://www.contentstack.com/docs/developers/apis/content-management-api#get-all-webhooks
 *
 * @param uid            {@code uid}; empty when absent
 * @param name           {@code name}; empty when absent
 * @param channels       {@code channels}, e.g. {@code assets.create}; empty when absent
 * @param branches       {@code branches}; empty when absent (the stack's main branch, as before branches existed)
 * @param targetUrls     every {@code destinations[].target_url}, in order
 * @param retryPolicy    {@code retry_policy}: {@code automatic} or {@code manual}; empty when absent
 * @param disabled       {@code disabled}; false when absent
 * @param unhealthy      {@code unhealthy.state} (the circuit breaker's mark); false when absent
 * @param concisePayload {@code concise_payload}; false when absent
 * @param notifiers      {@code notifiers}: the emails Contentstack writes to when its circuit breaker disables the
 *                       webhook ("Email Addresses to Notify"); a single string is read as a list of one; empty when
 *                       absent (then nobody is told)
 */
public record Webhook(String uid, String name, List<String> channels, List<String> branches,
                      List<String> targetUrls, String retryPolicy, boolean disabled, boolean unhealthy,
                      boolean concisePayload, Optional<Instant> createdAt, Optional<Instant> updatedAt,
                      List<String> notifiers) {
    /** Every channel of the stack: the widest subscription there is. */
    public static final String ALL_CHANNELS = "$all";
    /** The channel of asset creations ("Webhook Events": no wildcard form of it is documented). */
    public static final String ASSETS_CREATE = "assets.create";
    /** The retry policy under which Contentstack retries a failed delivery on its own. */
    public static final String AUTOMATIC = "automatic";

    public Webhook {
        channels = List.copyOf(channels);
        branches = List.copyOf(branches);
        targetUrls = List.copyOf(targetUrls);
        notifiers = List.copyOf(notifiers);
    }

    /** Reads one webhook object; never throws: what is missing or mistyped takes its default. */
    public static Webhook fromJson(JsonNode node) {
        List<String> targets = new ArrayList<>();
        for (JsonNode destination : node.path("destinations")) {
            String target = CmaJson.text(destination.path("target_url"), "");
            if (!target.isBlank()) {
                targets.add(target);
            }
        }
        return new Webhook(CmaJson.text(node.path("uid"), ""), CmaJson.text(node.path("name"), ""),
                CmaJson.strings(node.path("channels")), CmaJson.strings(node.path("branches")), targets,
                CmaJson.text(node.path("retry_policy"), ""), CmaJson.bool(node.path("disabled"), false),
                CmaJson.bool(node.path("unhealthy").path("state"), false),
                CmaJson.bool(node.path("concise_payload"), false),
                CmaJson.instant(node.path("created_at")), CmaJson.instant(node.path("updated_at")),
                CmaJson.strings(node.path("notifiers")).stream().flatMap(n -> List.of(n.split(",")).stream())
                        .map(String::trim).filter(n -> !n.isEmpty()).toList());
    }

    /**
     * Whether it delivers asset creations: the {@value #ASSETS_CREATE} channel, or {@value #ALL_CHANNELS} (every
     * event, asset creations among them; too wide, but it delivers).
     */
    public boolean deliversAssetCreations() {
        return channels.contains(ASSETS_CREATE) || channels.contains(ALL_CHANNELS);
    }

    /** Whether one of its destinations is {@code url} (scheme and host case-insensitive, a final slash ignored). */
    public boolean deliversTo(String url) {
        String wanted = WebhookHealth.normalizedUrl(url);
        return targetUrls.stream().map(WebhookHealth::normalizedUrl).anyMatch(wanted::equals);
    }

    /** Whether Contentstack retries its failed deliveries on its own ({@code retry_policy} is {@code automatic}). */
    public boolean retriesAutomatically() {
        return AUTOMATIC.equals(retryPolicy);
    }

    /** Whether Contentstack delivers it at all: enabled and not marked unhealthy. */
    public boolean delivering() {
        return !disabled && !unhealthy;
    }
}
