package dev.permalinker.ingest;

import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.signing.HmacSignature;
import dev.permalinker.simulator.SigningKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Webhook bodies and requests for tests, built from the real fixture. */
final class TestWebhooks {
    static final String API_KEY = "blt5d4f1e2a3b6c7d80";
    static final String ASSET_UID = "blt0a1b2c3d4e5f6789";
    static final String SECRET = "s3cr3t-header-value";
    /** Stands for Contentstack's certificate: its public half is configured as CS_SIGNING_PUBLIC_KEY. */
    static final SigningKeys CONTENTSTACK_KEY = new SigningKeys();
    static final String HMAC_KEY = "org-hmac-signing-key-2026";
    /** Two minutes after the fixture's triggered_at. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T09:16:07Z"), ZoneOffset.UTC);

    private TestWebhooks() {
    }

    static String fixture() {
        try (InputStream in = TestWebhooks.class.getResourceAsStream("/events/asset-create.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture with one top-level or nested fragment replaced, e.g. {@code "\"event\":\"create\""}. */
    static String fixtureWith(String fragment, String replacement) {
        String body = fixture();
        if (!body.contains(fragment)) {
            throw new IllegalArgumentException("fixture has no " + fragment);
        }
        return body.replace(fragment, replacement);
    }

    static Map<String, String> headers(String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", "Contentstack");
        headers.put("secret", SECRET);
        headers.put("x-contentstack-request-signature",
                CertificateSignature.sign(CONTENTSTACK_KEY.current().getPrivate(), utf8(body)));
        return headers;
    }

    /** The HMAC method's header, signed at {@code CLOCK}'s time with the given keys. */
    static String hmacHeader(String body, String... keys) {
        return HmacSignature.sign(CLOCK.instant().getEpochSecond(), utf8(body), keys);
    }

    static InboundRequest signed(String body) {
        return new InboundRequest("POST", IngestService.PATH, headers(body), utf8(body));
    }

    static InboundRequest withHeaders(String body, Map<String, String> changes) {
        Map<String, String> headers = headers(body);
        changes.forEach((name, value) -> {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
        });
        return new InboundRequest("POST", IngestService.PATH, headers, utf8(body));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("CS_APIKEY", API_KEY + ",bltanotherstack0001");
        env.put("CS_SECRET", SECRET);
        env.put("CS_SIGNING_PUBLIC_KEY", CONTENTSTACK_KEY.publicKeyPem());
        env.put("QUEUE_URL", "http://127.0.0.1:9324/000000000000/permalinker-jobs.fifo");
        return env;
    }
}
