package dev.permalinker.ops;

import dev.permalinker.cma.CmaAsset;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.WebhookPayloads;
import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.signing.HmacSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Builds, signs and sends an asset-creation webhook the way Contentstack would, to check a deployment end to end:
 * its certificate signature when given the private key (only a deployment configured with the matching
 * {@code CS_SIGNING_PUBLIC_KEY}, such as {@code permalinker-local serve --simulate}, accepts it), or its HMAC
 * signature with the organisation's key; plus the configured header secret, Basic or Bearer credentials.
 */
public final class TestWebhook {
    private final OpsConfig config;
    private final JsonCodec json;
    private final PrivateKey certificateKey;
    private final String hmacKey;
    private final Clock clock;

    public TestWebhook(OpsConfig config, JsonCodec json, PrivateKey certificateKey, String hmacKey, Clock clock) {
        this.config = config;
        this.json = json;
        this.certificateKey = certificateKey;
        this.hmacKey = hmacKey;
        this.clock = clock;
    }

    /**
     * The full-payload creation webhook of a real asset, as Contentstack would send it for {@code asset}, with a fresh
     * timestamp. A real one, not a made-up uid: the worker reads the asset, so a made-up one was dead-lettered
     * ({@code asset_deleted}) by every test, and on AWS the DLQ alarm paged for a test.
     */
    public byte[] bodyFor(String apiKey, CmaAsset asset) {
        return WebhookPayloads.assetCreated(json, apiKey, asset.uid(), asset.filename(), asset.url(),
                asset.contentType());
    }

    /** Whether anything would prove the request's origin. */
    public boolean authenticates() {
        return certificateKey != null || hmacKey != null || config.sharedSecret() != null
                || config.basicAuth() != null || config.bearerToken() != null;
    }

    /** Sends with every method given, as the ingest requires every configured one. */
    public HttpResponse<String> send(URI url, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Contentstack (permalinker-ops send-test-webhook)")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (certificateKey != null) {
            request.header(CertificateSignature.HEADER, CertificateSignature.sign(certificateKey, body));
        }
        if (hmacKey != null) {
            request.header(HmacSignature.HEADER, HmacSignature.sign(clock.instant().getEpochSecond(), body,
                    hmacKey));
        }
        if (config.sharedSecret() != null) {
            request.header(config.secretHeader(), config.sharedSecret());
        }
        if (config.basicAuth() != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    config.basicAuth().getBytes(StandardCharsets.UTF_8)));
        } else if (config.bearerToken() != null) {
            request.header("Authorization", "Bearer " + config.bearerToken());
        }
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
