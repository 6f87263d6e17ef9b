package dev.permalinker.simulator;

import dev.permalinker.model.JsonCodec;
import dev.permalinker.signing.CertificateSignature;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The webhooks Contentstack sends when a release is deployed, signed with the simulated certificate: one publish
 * per item carrying the top-level {@code "source":{"type":"release","title","uid"}} (key order of the documented
 * sample: {@code event, source, data, api_key, module, triggered_at}), and the release's own {@code release.deploy}
 * with the release in {@code data.release} ({@code uid}, {@code name}, {@code items[]}; asset items have
 * {@code content_type_uid} {@code built_io_upload}). Also ordinary and bulk ({@code "bulk": true}) publishes.
 * Documented in Contentstack's "Webhook Data Format"; the bulk flag is from a public capture.
 */
public final class ReleaseWebhooks {
    /** One signed delivery: the body and the headers Contentstack sends with it. */
    public record Delivery(String kind, byte[] body, Map<String, String> headers) {
    }

    private final JsonCodec json = JsonCodec.create();
    private final PrivateKey signingKey;
    private final String apiKey;
    private final String environment;

    public ReleaseWebhooks(PrivateKey signingKey, String apiKey, String environment) {
        this.signingKey = signingKey;
        this.apiKey = apiKey;
        this.environment = environment;
    }

    /** The item publishes of a release deploy of {@code items} entries and assets, then the deploy event. */
    public List<Delivery> deploy(String releaseUid, String title, int items, Instant triggeredAt) {
        List<Delivery> deliveries = new ArrayList<>();
        List<Map<String, Object>> releaseItems = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            boolean asset = i % 4 == 3;
            String uid = String.format("%s%s%05d", asset ? "bltasset" : "bltentry", releaseUid.substring(
                    Math.max(0, releaseUid.length() - 6)), i);
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("type", "release");
            source.put("title", title);
            source.put("uid", releaseUid);
            deliveries.add(publish("release-item", uid, asset, source, false, triggeredAt));
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("uid", uid);
            item.put("version", 1);
            item.put("action", "publish");
            item.put("content_type_uid", asset ? "built_io_upload" : "page");
            item.put("locale", "en-us");
            releaseItems.add(item);
        }
        Map<String, Object> release = new LinkedHashMap<>();
        release.put("uid", releaseUid);
        release.put("name", title);
        release.put("items", releaseItems);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("release", release);
        data.put("environment", Map.of("name", environment, "uid", "blt" + environment));
        data.put("locale", "en-us");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("module", "release");
        body.put("api_key", apiKey);
        body.put("data", data);
        body.put("event", "deploy");
        body.put("triggered_at", triggeredAt.toString());
        deliveries.add(signed("release-deploy", body));
        return deliveries;
    }

    /** A publish of one entry outside any release (an editor's ordinary publish). */
    public Delivery ordinaryPublish(String entryUid, Instant triggeredAt) {
        return publish("publish", entryUid, false, null, false, triggeredAt);
    }

    /** A publish of one entry that is part of a bulk publish (no release). */
    public Delivery bulkPublish(String entryUid, Instant triggeredAt) {
        return publish("bulk-publish", entryUid, false, null, true, triggeredAt);
    }

    private Delivery publish(String kind, String uid, boolean asset, Map<String, Object> source, boolean bulk,
                             Instant triggeredAt) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("uid", uid);
        item.put("title", (asset ? "asset " : "entry ") + uid);
        if (asset) {
            // The documentation's sample really says this: receivers must not take it for a URL.
            item.put("url", "your_asset_URL");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(asset ? "asset" : "entry", item);
        if (!asset) {
            data.put("content_type", Map.of("uid", "page", "title", "Page"));
        }
        data.put("environment", Map.of("name", environment, "uid", "blt" + environment));
        data.put("action", "publish");
        data.put("status", "success");
        data.put("locale", "en-us");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", "publish");
        if (source != null) {
            body.put("source", source);
        }
        if (bulk) {
            body.put("bulk", true);
        }
        body.put("data", data);
        body.put("api_key", apiKey);
        body.put("module", asset ? "asset" : "entry");
        body.put("triggered_at", triggeredAt.toString());
        return signed(kind, body);
    }

    private Delivery signed(String kind, Map<String, Object> body) {
        byte[] bytes = json.write(body).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "Contentstack");
        headers.put(CertificateSignature.HEADER, CertificateSignature.sign(signingKey, bytes));
        return new Delivery(kind, bytes, headers);
    }
}
