package dev.permalinker.ops.trace;

import dev.permalinker.cma.CmaAnswerException;
import dev.permalinker.cma.StackWebhooks;
import dev.permalinker.cma.Webhook;
import dev.permalinker.cma.WebhookExecution;
import dev.permalinker.ops.trace.TraceSources.Execution;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Contentstack's side: the executions of the stack's asset-creation webhooks (those of the branch, or of every branch)
 * that carry the asset, from {@code from} on. One {@code GET /v3/webhooks}, then one executions read per such
 * webhook; Contentstack keeps executions for 30 days.
 */
public final class WebhookExecutionLookup implements TraceSources.Executions {
    private final StackWebhooks webhooks;
    private final Duration timeout;

    public WebhookExecutionLookup(StackWebhooks webhooks, Duration timeout) {
        this.webhooks = webhooks;
        this.timeout = timeout;
    }

    @Override
    public List<Execution> forAsset(String apiKey, String branch, String assetUid, Instant from) {
        List<Execution> found = new ArrayList<>();
        try {
            for (Webhook webhook : webhooks.list(apiKey, timeout)) {
                if (!webhook.deliversAssetCreations()
                        || !webhook.branches().isEmpty() && !webhook.branches().contains(branch)) {
                    continue;
                }
                for (WebhookExecution execution : webhooks.executions(apiKey, webhook.uid(), Optional.of(from),
                        Optional.empty(), timeout)) {
                    if (!execution.assetUid().map(assetUid::equals).orElse(false)) {
                        continue;
                    }
                    Instant at = execution.createdAt().orElse(null);
                    if (at == null || at.isBefore(from)) {
                        continue;
                    }
                    found.add(new Execution(at, webhook.name().isBlank() ? webhook.uid() : webhook.name(),
                            execution.status() == 0 ? null : execution.status(), execution.retryCount() + 1,
                            execution.succeeded() ? "delivered" : "not delivered"
                                    + (webhook.delivering() ? "" : ", webhook disabled or unhealthy"),
                            execution.attempts().stream().map(a -> new TraceSources.Attempt(a.at().orElse(null),
                                    a.retryNumber(), a.outcome())).toList()));
                }
            }
        } catch (CmaAnswerException e) {
            throw new TraceGap("the CMA refused the webhook reads: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TraceGap("cannot reach the CMA for the webhook reads: " + TraceGap.reason(e), e);
        }
        found.sort(Comparator.comparing(Execution::at));
        return found;
    }
}
