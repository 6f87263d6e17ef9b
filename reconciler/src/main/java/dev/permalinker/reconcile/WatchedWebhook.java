package dev.permalinker.reconcile;

import java.util.List;

/**
 * One webhook the run watched, as its log event and report show it.
 *
 * @param apiKey         the stack
 * @param uid            the webhook's uid, or empty for the "no webhook delivers here" row
 * @param name           the webhook's name
 * @param healthy        false when it is disabled, unhealthy (Contentstack's circuit breaker), or missing
 * @param findings       wire codes of what was found ({@code disabled}, {@code unhealthy}, {@code manual_retry},
 *                       {@code missing}); empty when nothing is wrong
 * @param retryPolicy    {@code retry_policy} as listed
 * @param concisePayload whether it sends identifiers only (the worker then reads each asset once)
 * @param branches       the branches it fires for
 */
public record WatchedWebhook(String apiKey, String uid, String name, boolean healthy, List<String> findings,
                             String retryPolicy, boolean concisePayload, List<String> branches) {

    public WatchedWebhook {
        findings = List.copyOf(findings);
        branches = List.copyOf(branches);
    }
}
