package dev.permalinker.ops;

import dev.permalinker.ingest.verify.HmacSignatureVerifier;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
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
        Map<String, Object> asset = new LinkedHashMap<>();
        asset.put("uid", uid);
        asset.put("created_at", Instant.now().toString());
        asset.put("content_type", "image/png");
        asset.put("file_size", "1024");
        asset.put("filename", "permalinker test.png");
        asset.put("url", "https://images.contentstack.io/v3/assets/" + apiKey + "/" + uid + "/0/permalinker_test.png");
        asset.put("title", "permalinker test.png");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("module", "asset");
        body.put("api_key", apiKey);
        body.put("data", Map.of("asset", asset));
        body.put("event", "create");
        body.put("triggered_at", Instant.now().toString());
        return json.write(body).getBytes(StandardCharsets.UTF_8);
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
                    "sha256=" + HmacSignatureVerifier.signHex(config.signingSecrets().get(0), body));
        }
        if (config.basicAuth() != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    config.basicAuth().getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
