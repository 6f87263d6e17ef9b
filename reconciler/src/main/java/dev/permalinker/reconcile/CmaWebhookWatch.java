package dev.permalinker.reconcile;

import dev.permalinker.cma.StackWebhooks;
import dev.permalinker.cma.Webhook;
import dev.permalinker.cma.WebhookFinding;
import dev.permalinker.cma.WebhookHealth;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reconciler's webhook check: one {@code GET /v3/webhooks} per stack (paced by the run's read budget), judged
 * by cma-client's {@link WebhookHealth}, the evaluation {@code permalinker-ops webhook status} uses too.
 */
public final class CmaWebhookWatch implements WebhookWatch {
    private final StackWebhooks webhooks;
    private final Optional<String> publicWebhookUrl;
    private final Duration timeout;

    /**
     * @param publicWebhookUrl {@code PUBLIC_WEBHOOK_URL}, or {@code null}: every asset-creation webhook is watched
     */
    public CmaWebhookWatch(StackWebhooks webhooks, URI publicWebhookUrl, Duration timeout) {
        this.webhooks = webhooks;
        this.publicWebhookUrl = Optional.ofNullable(publicWebhookUrl).map(URI::toString);
        this.timeout = timeout;
    }

    @Override
    public List<WatchedWebhook> check(String apiKey) throws UnreadableException {
        List<Webhook> listed;
        try {
            listed = webhooks.list(apiKey, timeout);
        } catch (IOException e) {
            throw new UnreadableException(e.getMessage() != null ? e.getMessage()
                    : "GET /v3/webhooks: " + e.getClass().getSimpleName(), e);
        }
        return watched(apiKey, WebhookHealth.evaluate(listed, publicWebhookUrl));
    }

    /** The report's rows for an evaluation: one per watched webhook, or one {@code missing} row. */
    static List<WatchedWebhook> watched(String apiKey, WebhookHealth health) {
        List<WatchedWebhook> watched = new ArrayList<>();
        if (health.missing()) {
            watched.add(new WatchedWebhook(apiKey, "", "", false, List.of(WebhookFinding.MISSING.code()), "", false,
                    List.of()));
        }
        for (WebhookHealth.Check check : health.checks()) {
            Webhook webhook = check.webhook();
            watched.add(new WatchedWebhook(apiKey, webhook.uid(), webhook.name(), check.healthy(),
                    check.findings().stream().map(WebhookFinding::code).toList(), webhook.retryPolicy(),
                    webhook.concisePayload(), webhook.branches()));
        }
        return watched;
    }
}
