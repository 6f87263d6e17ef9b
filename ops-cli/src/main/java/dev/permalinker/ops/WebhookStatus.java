package dev.permalinker.ops;

import dev.permalinker.cma.StackWebhooks;
import dev.permalinker.cma.Webhook;
import dev.permalinker.cma.WebhookExecution;
import dev.permalinker.cma.WebhookHealth;
import dev.permalinker.model.Identifiers;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code webhook status} reports for one stack: every webhook, the shared health evaluation
 * ({@link WebhookHealth}) of those delivering asset creations to this deployment, and each webhook's last
 * executions, failed first. Read-only: {@code GET /v3/webhooks} and one {@code GET /v3/webhooks/{uid}/executions}
 * per webhook.
 */
final class WebhookStatus {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One stack's webhooks, their health, and each one's last executions (failed first, at most the limit). */
    record StackReport(String apiKey, Optional<String> publicWebhookUrl, List<Webhook> webhooks, WebhookHealth health,
                       Map<String, List<WebhookExecution>> executions) {

        boolean watched(Webhook webhook) {
            return health.checks().stream().anyMatch(c -> c.webhook() == webhook);
        }
    }

    private final StackWebhooks cma;
    private final int executionsShown;

    WebhookStatus(StackWebhooks cma, int executionsShown) {
        this.cma = cma;
        this.executionsShown = executionsShown;
    }

    StackReport report(String apiKey, Optional<String> publicWebhookUrl) throws IOException {
        List<Webhook> webhooks = cma.list(apiKey, TIMEOUT);
        Map<String, List<WebhookExecution>> all = new LinkedHashMap<>();
        Map<String, List<WebhookExecution>> executions = new LinkedHashMap<>();
        for (Webhook webhook : webhooks) {
            if (!Identifiers.isSafe(webhook.uid())) {
                // No uid, or one that cannot be a path segment (the client refuses it): listed without executions.
                continue;
            }
            List<WebhookExecution> read = cma.executions(apiKey, webhook.uid(), Optional.empty(), Optional.empty(),
                    TIMEOUT);
            all.put(webhook.uid(), read);
            executions.put(webhook.uid(), read.stream()
                    .sorted(WebhookExecution.FAILED_FIRST)
                    .limit(executionsShown)
                    .toList());
        }
        // Judged on every execution read (the newest ten weigh), not only those shown: a webhook whose deliveries
        // mostly fail is failing even while Contentstack's flags call it healthy (404s never trip the breaker).
        return new StackReport(apiKey, publicWebhookUrl, webhooks, WebhookHealth.evaluate(webhooks, publicWebhookUrl,
                all), executions);
    }
}
