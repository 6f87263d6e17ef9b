package dev.permalinker.cma;

import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Pages through a stack's assets, oldest first: {@code GET /v3/assets?skip&limit&include_count=true&asc=created_at}.
 * Used by the operator's backfill; the worker never lists assets, so its jar does not carry this class.
 * https://www.contentstack.com/docs/developers/apis/content-management-api#get-all-assets
 */
public final class AssetPages {
    private final CmaRequests requests;

    public AssetPages(URI baseUrl, ManagementTokens tokens, JsonCodec json) {
        this.requests = new CmaRequests(CmaRequests.defaultHttpClient(), baseUrl, tokens, json,
                CmaCallListener.NONE);
    }

    public CmaResponse page(String apiKey, String branch, int skip, int limit, Duration timeout) throws IOException {
        return requests.send(requests.request(apiKey, branch, "/v3/assets?skip=" + skip + "&limit=" + limit
                + "&include_count=true&asc=created_at", timeout).GET().build(), CmaLimits.ASSET_PAGE);
    }

    /**
     * A page of the stack's assets, newest first: {@code GET /v3/assets?skip&limit&desc=created_at}, without the
     * count (an idle stack's reconcile costs this one read). {@code include_count} adds {@code count}.
     */
    public CmaResponse newestFirst(String apiKey, String branch, int skip, int limit, boolean includeCount,
                                   Duration timeout) throws IOException {
        return requests.send(requests.request(apiKey, branch, "/v3/assets?skip=" + skip + "&limit=" + limit
                + (includeCount ? "&include_count=true" : "") + "&desc=created_at", timeout).GET().build(),
                CmaLimits.ASSET_PAGE);
    }
}
