package dev.permalinker.local;

import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.WebhookPayloads;
import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SigningKeys;
import dev.permalinker.simulator.SimulatedAsset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo's burst: one signed asset creation per asset, as Contentstack sends it (its certificate signature, the
 * default), plus what a real endpoint also meets: redeliveries, forged signatures, wrong header secrets, other
 * stacks, bodies that are not JSON, and events that are not asset creations. Shuffled with a fixed seed.
 */
final class DemoBurst {
    static final String SECRET = "demo-shared-secret";

    /** One request of the burst and what kind of request it is. */
    record Planned(String kind, byte[] body, Map<String, String> headers) {
    }

    private final ContentstackSimulator contentstack;
    private final String apiKey;
    private final JsonCodec json;
    private final Random random = new Random(2026);
    /** Signs like Contentstack but with a key Contentstack never had: a forger's signatures. */
    private final SigningKeys forger = new SigningKeys();

    DemoBurst(ContentstackSimulator contentstack, String apiKey, JsonCodec json) {
        this.contentstack = contentstack;
        this.apiKey = apiKey;
        this.json = json;
    }

    List<Planned> plan(List<SimulatedAsset> created) {
        List<Planned> burst = new ArrayList<>();
        for (SimulatedAsset asset : created) {
            burst.add(signed("valid", webhook(asset, "asset", "create", apiKey)));
        }
        for (int i = 0; i < created.size() / 5; i++) {
            // Contentstack retries a delivery it thinks failed: the same body again.
            burst.add(signed("duplicate", webhook(created.get(random.nextInt(created.size())), "asset", "create",
                    apiKey)));
        }
        SimulatedAsset sample = created.get(0);
        for (int i = 0; i < 5; i++) {
            byte[] body = webhook(sample, "asset", "create", apiKey);
            Map<String, String> headers = headers(body);
            headers.put(CertificateSignature.HEADER, CertificateSignature.sign(forger.current().getPrivate(),
                    body));
            burst.add(new Planned("forged signature", body, headers));
        }
        for (int i = 0; i < 3; i++) {
            byte[] body = webhook(sample, "asset", "create", apiKey);
            Map<String, String> headers = headers(body);
            headers.put("secret", "guess-" + i);
            burst.add(new Planned("wrong secret", body, headers));
        }
        for (int i = 0; i < 3; i++) {
            burst.add(signed("unknown stack", webhook(sample, "asset", "create", "bltsomeoneelse0" + i)));
        }
        for (int i = 0; i < 3; i++) {
            burst.add(signed("not JSON", ("asset=" + i).getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 4; i++) {
            burst.add(signed("entry published", webhook(sample, "entry", "publish", apiKey)));
        }
        for (int i = 0; i < 2; i++) {
            burst.add(signed("asset deleted event", webhook(sample, "asset", "delete", apiKey)));
        }
        Collections.shuffle(burst, random);
        return burst;
    }

    static long count(List<Planned> burst, String kind) {
        return burst.stream().filter(p -> p.kind().equals(kind)).count();
    }

    private byte[] webhook(SimulatedAsset asset, String module, String event, String stack) {
        return WebhookPayloads.assetEvent(json, module, event, stack, asset.uid(), asset.filename(), asset.url(),
                asset.contentType(), Instant.now());
    }

    private Planned signed(String kind, byte[] body) {
        return new Planned(kind, body, headers(body));
    }

    /** What Contentstack sends: JSON, its user agent, the webhook's custom header, its certificate signature. */
    private Map<String, String> headers(byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "Contentstack");
        headers.put("secret", SECRET);
        headers.put(CertificateSignature.HEADER, contentstack.signCertificate(body));
        return headers;
    }
}
