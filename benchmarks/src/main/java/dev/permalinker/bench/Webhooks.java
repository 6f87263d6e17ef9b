package dev.permalinker.bench;

import dev.permalinker.ingest.verify.HmacSignatureVerifier;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.WebhookPayloads;
import dev.permalinker.simulator.SimulatedAsset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Asset-creation webhook bodies and their headers, as Contentstack sends them. */
final class Webhooks {
    static final String API_KEY = "bltbenchstack00001";
    static final String SECRET = "bench-secret";
    static final String SIGNING_KEY = "bench-signing-key";
    private static final JsonCodec JSON = JsonCodec.create();

    private Webhooks() {
    }

    static byte[] body(SimulatedAsset asset) {
        return body(asset.uid(), asset.filename(), asset.url(), asset.contentType());
    }

    static byte[] body(String uid, String filename, String url, String contentType) {
        return WebhookPayloads.assetCreated(JSON, API_KEY, uid, filename, url, contentType);
    }

    static Map<String, String> headers(byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("secret", SECRET);
        headers.put("X-Contentstack-Signature", HmacSignatureVerifier.signHex(SIGNING_KEY, body));
        return headers;
    }
}
