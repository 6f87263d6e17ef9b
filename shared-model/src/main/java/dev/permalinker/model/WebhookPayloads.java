package dev.permalinker.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Webhook bodies in the shape Contentstack sends (full payload, field order as captured in
 * {@code fixtures/asset-create.json}), for the demo, the operator's test webhook, benchmarks and tests.
 */
public final class WebhookPayloads {
    private WebhookPayloads() {
    }

    /** An {@code asset.create} webhook (or another module/event, for refusal and filter tests). */
    public static byte[] assetEvent(JsonCodec json, String module, String event, String apiKey, String uid,
                                    String filename, String url, String contentType, Instant triggeredAt) {
        Map<String, Object> asset = new LinkedHashMap<>();
        asset.put("uid", uid);
        asset.put("created_at", triggeredAt.toString());
        asset.put("updated_at", triggeredAt.toString());
        asset.put("content_type", contentType);
        asset.put("file_size", "117746");
        asset.put("tags", List.of());
        asset.put("filename", filename);
        asset.put("url", url);
        asset.put("ACL", Map.of());
        asset.put("is_dir", false);
        asset.put("parent_uid", null);
        asset.put("_version", 1);
        asset.put("title", filename);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("module", module);
        body.put("api_key", apiKey);
        body.put("data", Map.of("asset", asset));
        body.put("event", event);
        body.put("triggered_at", triggeredAt.toString());
        return json.write(body).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] assetCreated(JsonCodec json, String apiKey, String uid, String filename, String url,
                                      String contentType) {
        return assetEvent(json, "asset", "create", apiKey, uid, filename, url, contentType, Instant.now());
    }
}
