package dev.permalinker.worker;

import dev.permalinker.cma.AdaptiveRateLimiter;

/**
 * The container's two CMA budgets: Contentstack limits reads and writes separately, per organisation
 * (https://www.contentstack.com/docs/developers/apis/content-management-api#rate-limiting), so a burst of reads
 * (concise payloads, "already set?" checks) does not slow the writes, and the other way round.
 */
public record CmaPacing(AdaptiveRateLimiter writes, AdaptiveRateLimiter reads) {

    /** Both budgets at the same rate, as Contentstack's defaults are (10 reads/s and 10 writes/s). */
    public static CmaPacing create(double ratePerSecond) {
        return new CmaPacing(AdaptiveRateLimiter.create(ratePerSecond), AdaptiveRateLimiter.create(ratePerSecond));
    }
}
