package dev.permalinker.ops;

import dev.permalinker.simulator.WebhookSigner;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.WebhookPayloads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/** Builds, signs and sends an asset-creation webhook the way Contentstack would, to check a deployment end to end. */
public final class TestWebhook {
    private final OpsConfig config;
    private final JsonCodec json;

    public TestWebhook(OpsConfig config, JsonCodec json) {
        this.config = config;
        this.json = json;
    }

    /** A sample full-payload asset creation for the first configured stack, with a fresh uid and timestamp. */
    public byte[] sampleBody(String apiKey) {
        String uid = "blttest" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return WebhookPayloads.assetCreated(json, apiKey, uid, "permalinker test.png",
                "https://images.contentstack.io/v3/assets/" + apiKey + "/" + uid + "/0/permalinker_test.png",
                "image/png");
    }

    /** Sends with every configured authentication method, as the ingest requires. */
    public HttpResponse<String> send(URI url, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Contentstack (permalinker-ops send-test-webhook)")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (config.sharedSecret() != null) {
            request.header(config.secretHeader(), config.sharedSecret());
        }
        if (!config.signingSecrets().isEmpty()) {
            request.header(config.signatureHeader(),
                    "sha256=" + WebhookSigner.hmacSha256Hex(config.signingSecrets().get(0), body));
        }
        if (config.basicAuth() != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    config.basicAuth().getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
