package dev.permalinker.cma;

import java.io.IOException;
import java.time.Duration;

/** The two CMA calls the worker makes. An {@link IOException} means no answer (timeout, reset, refused). */
public interface ContentstackApi {

    /** {@code PUT /v3/assets/{uid}} with {@code {"asset":{"permanent_url":…}}}. */
    CmaResponse setPermanentUrl(String apiKey, String branch, String assetUid, String permanentUrl, Duration timeout)
            throws IOException;

    /** {@code GET /v3/assets/{uid}}. */
    CmaResponse getAsset(String apiKey, String branch, String assetUid, Duration timeout) throws IOException;
}
