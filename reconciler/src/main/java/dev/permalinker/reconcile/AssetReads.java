package dev.permalinker.reconcile;

import dev.permalinker.cma.CmaResponse;
import java.io.IOException;
import java.time.Duration;

/**
 * One page of a stack's assets, newest first ({@code GET /v3/assets?desc=created_at}): in production
 * {@code AssetPages::newestFirst} (cma-client); tests pass answers of their own.
 */
@FunctionalInterface
public interface AssetReads {
    CmaResponse newestFirst(String apiKey, String branch, int skip, int limit, Duration timeout) throws IOException;
}
