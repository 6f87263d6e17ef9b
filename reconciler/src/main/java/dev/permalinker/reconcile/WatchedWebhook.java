package dev.permalinker.reconcile;

import java.util.List;

/**
 * One webhook the run watched, as its log event and report show it.
 *
 * @param apiKey   the stack
 * @param uid      the webhook's uid, or empty for the "no webhook delivers here" row
 * @param name     the webhook's name
 * @param healthy  false when it is disabled, unhealthy (Contentstack's circuit breaker), or missing
 * @param findings wire codes of what was found (e.g. {@code disabled}, {@code unhealthy}, {@code retry_manual},
 *                 {@code missing}); empty when nothing is wrong
 */
public record WatchedWebhook(String apiKey, String uid, String name, boolean healthy, List<String> findings) {

    public WatchedWebhook {
        findings = List.copyOf(findings);
    }
}
