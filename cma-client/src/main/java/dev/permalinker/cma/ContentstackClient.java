package dev.permalinker.cma;

import dev.permalinker.model.Identifiers;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The worker's CMA calls over {@code java.net.http}: no extra jar, keep-alive connections, HTTP/1.1, a connect
 * timeout and a per-request timeout. Built once per container.
 *
 * <p>API: https://www.contentstack.com/docs/developers/apis/content-management-api#update-asset
 */
public final class ContentstackClient implements ContentstackApi {
    private final CmaRequests requests;

    public ContentstackClient(HttpClient http, URI baseUrl, ManagementTokens tokens, JsonCodec json,
                              CmaCallListener listener) {
        this.requests = new CmaRequests(http, baseUrl, tokens, json, listener);
    }

    public static ContentstackClient create(URI baseUrl, ManagementTokens tokens, JsonCodec json) {
        return create(baseUrl, tokens, json, CmaCallListener.NONE);
    }

    public static ContentstackClient create(URI baseUrl, ManagementTokens tokens, JsonCodec json,
                                            CmaCallListener listener) {
        return new ContentstackClient(CmaRequests.defaultHttpClient(), baseUrl, tokens, json, listener);
    }

    @Override
    public CmaResponse setPermanentUrl(String apiKey, String branch, String assetUid, String permanentUrl,
                                       Duration timeout) throws IOException {
        String body = requests.json().write(Map.of("asset", Map.of("permanent_url", permanentUrl)));
        return requests.send(assetRequest(apiKey, branch, assetUid, timeout)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(), CmaLimits.ASSET);
    }

    @Override
    public CmaResponse getAsset(String apiKey, String branch, String assetUid, Duration timeout) throws IOException {
        return requests.send(assetRequest(apiKey, branch, assetUid, timeout).GET().build(), CmaLimits.ASSET);
    }

    private HttpRequest.Builder assetRequest(String apiKey, String branch, String assetUid, Duration timeout) {
        if (!Identifiers.isSafe(assetUid)) {
            throw new IllegalArgumentException("asset uid must match " + Identifiers.SAFE_ID);
        }
        return requests.request(apiKey, branch, "/v3/assets/" + assetUid, timeout);
    }

    @Override
    public String toString() {
        return "ContentstackClient[" + requests.baseUrl() + "]";
    }
}
