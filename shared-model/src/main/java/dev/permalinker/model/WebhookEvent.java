package dev.permalinker.model;

import java.time.Instant;

/**
 * A Contentstack webhook event, from the full (not concise) payload.
 *
 * @param asset  {@code data.asset}; present whenever {@link #isAssetCreation()} is true
 * @param branch {@code data.branch.uid}, or {@value Identifiers#DEFAULT_BRANCH} when the payload names none
 */
public record WebhookEvent(String module, String event, String apiKey, Instant triggeredAt, String branch,
                           AssetInfo asset) {

    public static final String MODULE_ASSET = "asset";
    public static final String EVENT_CREATE = "create";

    public boolean isAssetCreation() {
        return MODULE_ASSET.equals(module) && EVENT_CREATE.equals(event);
    }
}
