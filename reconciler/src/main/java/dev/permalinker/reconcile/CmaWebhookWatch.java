package dev.permalinker.reconcile;

import dev.permalinker.cma.StackWebhooks;
import dev.permalinker.cma.Webhook;
import dev.permalinker.cma.WebhookExecution;
import dev.permalinker.cma.WebhookFinding;
import dev.permalinker.cma.WebhookHealth;
import dev.permalinker.model.Identifiers;
import dev.permalinker.retry.Deadline;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reconciler's webhook check: one {@code GET /v3/webhooks} per stack, then one executions read per watched
 * webhook (its executions of the last {@code recent}), each paced by the run's read budget and within the run's
 * deadline, judged by cma-client's {@link WebhookHealth}, the evaluation {@code permalinker-ops webhook status} uses
 * too. The executions are read because Contentstack's own flags miss a webhook whose every delivery gets a 404
 * (its circuit breaker counts only 5xx, 401 and timeouts): such a webhook stays "healthy" while nothing arrives.
 */
public final class CmaWebhookWatch implements WebhookWatch {
    /** The executions weighed: a day, the reconciler's default lookback, so a fixed webhook clears within a day. */
    public static final Duration DEFAULT_RECENT = Duration.ofHours(24);

    private final StackWebhooks webhooks;
    private final Optional<String> publicWebhookUrl;
    private final Duration timeout;
    private final Clock clock;
    private final Duration recent;

    /**
     * @param publicWebhookUrl {@code PUBLIC_WEBHOOK_URL}, or {@code null}: every asset-creation webhook is watched
     */
    public CmaWebhookWatch(StackWebhooks webhooks, URI publicWebhookUrl, Duration timeout) {
        this(webhooks, publicWebhookUrl, timeout, Clock.systemUTC(), DEFAULT_RECENT);
    }

    public CmaWebhookWatch(StackWebhooks webhooks, URI publicWebhookUrl, Duration timeout, Clock clock,
                           Duration recent) {
        this.webhooks = webhooks;
        this.publicWebhookUrl = Optional.ofNullable(publicWebhookUrl).map(URI::toString);
        this.timeout = timeout;
        this.clock = clock;
        this.recent = recent;
    }

    @Override
    public List<WatchedWebhook> check(String apiKey) throws UnreadableException {
        return check(apiKey, Deadline.after(timeout.multipliedBy(4)));
    }

    @Override
    public List<WatchedWebhook> check(String apiKey, Deadline deadline) throws UnreadableException {
        try {
            List<Webhook> listed = webhooks.list(apiKey, timeout, deadline);
            Map<String, List<WebhookExecution>> executions = new LinkedHashMap<>();
            for (WebhookHealth.Check check : WebhookHealth.evaluate(listed, publicWebhookUrl).checks()) {
                String uid = check.webhook().uid();
                if (Identifiers.isSafe(uid)) {
                    executions.put(uid, webhooks.executions(apiKey, uid, Optional.of(clock.instant().minus(recent)),
                            Optional.empty(), timeout, deadline));
                }
            }
            return watched(apiKey, WebhookHealth.evaluate(listed, publicWebhookUrl, executions));
        } catch (IOException e) {
            throw new UnreadableException(e.getMessage() != null ? e.getMessage()
                    : "GET /v3/webhooks: " + e.getClass().getSimpleName(), e);
        }
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
