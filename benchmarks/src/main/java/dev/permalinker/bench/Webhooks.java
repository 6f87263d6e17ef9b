package dev.permalinker.bench;

import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.WebhookPayloads;
import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.simulator.SigningKeys;
import dev.permalinker.simulator.SimulatedAsset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Asset-creation webhook bodies and their headers, as Contentstack sends them (certificate signature). */
final class Webhooks {
    static final String API_KEY = "bltbenchstack00001";
    static final String SECRET = "bench-secret";
    static final String HMAC_KEY = "bench-hmac-key";
    /** Stands for Contentstack's signing certificate in every benchmark. */
    static final SigningKeys CONTENTSTACK = new SigningKeys();
    private static final JsonCodec JSON = JsonCodec.create();

    private Webhooks() {
    }

    static byte[] body(SimulatedAsset asset) {
        return body(asset.uid(), asset.filename(), asset.url(), asset.contentType());
    }

    static byte[] body(String uid, String filename, String url, String contentType) {
        return WebhookPayloads.assetCreated(JSON, API_KEY, uid, filename, url, contentType);
    }

    /** The ingest's variables for these webhooks: the certificate's public half given, and the header secret. */
    static Map<String, String> ingestEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CS_APIKEY", API_KEY);
        env.put("CS_SECRET", SECRET);
        env.put("CS_SIGNING_PUBLIC_KEY", CONTENTSTACK.publicKeyPem());
        return env;
    }

    static JsonCodec json() {
        return JSON;
    }

    static Map<String, String> headers(byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("secret", SECRET);
        headers.put(CertificateSignature.HEADER, CertificateSignature.sign(CONTENTSTACK.current().getPrivate(),
                body));
        return headers;
    }
}
