package dev.permalinker.worker.cma;

import dev.permalinker.model.Identifiers;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The CMA over {@code java.net.http}: no extra jar, keep-alive connections, HTTP/1.1, a connect timeout and a
 * per-request timeout. Built once per container. Never logs or prints the token.
 *
 * <p>API: https://www.contentstack.com/docs/developers/apis/content-management-api#update-asset
 */
public final class ContentstackClient implements ContentstackApi {
    private final HttpClient http;
    private final URI baseUrl;
    private final String managementToken;
    private final JsonCodec json;

    public ContentstackClient(HttpClient http, URI baseUrl, String managementToken, JsonCodec json) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.managementToken = managementToken;
        this.json = json;
    }

    public static ContentstackClient create(URI baseUrl, String managementToken, JsonCodec json) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new ContentstackClient(http, baseUrl, managementToken, json);
    }

    @Override
    public CmaResponse setPermanentUrl(String apiKey, String branch, String assetUid, String permanentUrl,
                                       Duration timeout) throws IOException {
        String body = json.write(Map.of("asset", Map.of("permanent_url", permanentUrl)));
        return send(assetRequest(apiKey, branch, assetUid, timeout)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());
    }

    @Override
    public CmaResponse getAsset(String apiKey, String branch, String assetUid, Duration timeout) throws IOException {
        return send(assetRequest(apiKey, branch, assetUid, timeout).GET().build());
    }

    /**
     * {@code GET /v3/assets?skip&limit&include_count=true&asc=created_at}: one page of the stack's assets, oldest
     * first (used by the operator's backfill, not by the worker).
     */
    public CmaResponse listAssets(String apiKey, String branch, int skip, int limit, Duration timeout) throws IOException {
        return send(request(apiKey, branch, "/v3/assets?skip=" + skip + "&limit=" + limit
                + "&include_count=true&asc=created_at", timeout).GET().build());
    }

    private HttpRequest.Builder assetRequest(String apiKey, String branch, String assetUid, Duration timeout) {
        if (!Identifiers.isSafe(assetUid)) {
            throw new IllegalArgumentException("asset uid must match " + Identifiers.SAFE_ID);
        }
        return request(apiKey, branch, "/v3/assets/" + assetUid, timeout);
    }

    /** A CMA request with the stack, token and branch headers; {@code pathAndQuery} holds only safe values. */
    private HttpRequest.Builder request(String apiKey, String branch, String pathAndQuery, Duration timeout) {
        if (!Identifiers.isSafe(apiKey) || !Identifiers.isSafe(branch)) {
            throw new IllegalArgumentException("api key and branch must match " + Identifiers.SAFE_ID);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(pathAndQuery))
                .timeout(timeout)
                .header("api_key", apiKey)
                .header("authorization", managementToken)
                .header("Accept", "application/json");
        if (!Identifiers.DEFAULT_BRANCH.equals(branch)) {
            builder.header("branch", branch);
        }
        return builder;
    }

    private CmaResponse send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new CmaResponse(response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After").flatMap(ContentstackClient::seconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling the CMA", e);
        }
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "ContentstackClient[" + baseUrl + "]";
    }
}
