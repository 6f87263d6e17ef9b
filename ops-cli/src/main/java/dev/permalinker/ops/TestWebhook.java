package dev.permalinker.ops;

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
import java.util.UUID;

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

    /** A sample full-payload asset creation for the first configured stack, with a fresh uid and timestamp. */
    public byte[] sampleBody(String apiKey) {
        String uid = "blttest" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return WebhookPayloads.assetCreated(json, apiKey, uid, "permalinker test.png",
                "https://images.contentstack.io/v3/assets/" + apiKey + "/" + uid + "/0/permalinker_test.png",
                "image/png");
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
