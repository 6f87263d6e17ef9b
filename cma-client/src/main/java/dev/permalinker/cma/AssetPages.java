package dev.permalinker.cma;

import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Pages through a stack's assets sorted by {@code created_at}: {@code GET /v3/assets?skip&limit&include_count=true}
 * with {@code asc=created_at} (oldest first) or {@code desc=created_at} (newest first). Used by the reconciler and
 * the operator's backfill; the worker never lists assets, so its jar does not carry this class. {@code limit} is at
 * most 100. Answers are returned as they come (status, body, rate-limit headers); I/O failures are thrown.
 * https://www.contentstack.com/docs/developers/apis/content-management-api#get-all-assets
 */
public final class AssetPages {
    private final CmaRequests requests;

    public AssetPages(URI baseUrl, ManagementTokens tokens, JsonCodec json) {
        this(baseUrl, tokens, json, CmaCallListener.NONE);
    }

    public AssetPages(URI baseUrl, ManagementTokens tokens, JsonCodec json, CmaCallListener listener) {
        this.requests = new CmaRequests(CmaRequests.defaultHttpClient(), baseUrl, tokens, json, listener);
    }

    /** Oldest first ({@code asc=created_at}). */
    public CmaResponse page(String apiKey, String branch, int skip, int limit, Duration timeout) throws IOException {
        return requests.send(requests.request(apiKey, branch, path(skip, limit) + "&asc=created_at", timeout)
                .GET().build());
    }

    /** Newest first ({@code desc=created_at}): a reconciliation stops paging once it reaches its lookback. */
    public CmaResponse newestFirst(String apiKey, String branch, int skip, int limit, Duration timeout)
            throws IOException {
        return requests.send(requests.request(apiKey, branch, path(skip, limit) + "&desc=created_at", timeout)
                .GET().build());
    }

    private static String path(int skip, int limit) {
        if (skip < 0 || limit < 1 || limit > 100) {
            throw new IllegalArgumentException("skip must be >= 0 and limit 1-100, were " + skip + ", " + limit);
        }
        return "/v3/assets?skip=" + skip + "&limit=" + limit + "&include_count=true";
    }

    /**
     * A page of the stack's assets, newest first: {@code GET /v3/assets?skip&limit&desc=created_at}, without the
     * count (an idle stack's reconcile costs this one read). {@code include_count} adds {@code count}.
     */
    public CmaResponse newestFirst(String apiKey, String branch, int skip, int limit, boolean includeCount,
                                   Duration timeout) throws IOException {
        return requests.send(requests.request(apiKey, branch, "/v3/assets?skip=" + skip + "&limit=" + limit
                + (includeCount ? "&include_count=true" : "") + "&desc=created_at", timeout).GET().build());
    }
}
