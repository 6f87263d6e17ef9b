package dev.permalinker.cma;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.Identifiers;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.retry.Deadline;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of a stack's webhooks and their executions over the CMA, with the stack's management token:
 * <ul>
 *   <li>{@code GET /v3/webhooks} → {@code {"webhooks":[…]}} → {@link Webhook}s</li>
 *   <li>{@code GET /v3/webhooks/{uid}} → {@code {"webhook":{…}}} → a {@link Webhook}</li>
 *   <li>{@code GET /v3/webhooks/{uid}/executions[?from&to]} → {@code {"webhooks":[…]}} → {@link WebhookExecution}s
 *       (the route names its list of executions {@code webhooks})</li>
 * </ul>
 * Webhooks belong to the stack, not to a branch (each lists its {@code branches}), so no {@code branch} header is
 * sent. Unknown fields are ignored; a refusal, a body that is not JSON or one without the expected object throws
 * {@link CmaAnswerException}; no answer (refused, reset, timeout) throws {@link IOException}. When built
 * {@link #pacedBy paced}, each read waits for a slot of the read budget and reports the answer to it.
 * https://www.contentstack.com/docs/developers/apis/content-management-api#webhooks
 */
public final class StackWebhooks {
    private final CmaRequests requests;
    private final Optional<AdaptiveRateLimiter> reads;

    public StackWebhooks(HttpClient http, URI baseUrl, ManagementTokens tokens, JsonCodec json,
                         CmaCallListener listener) {
        this(new CmaRequests(http, baseUrl, tokens, json, listener), Optional.empty());
    }

    private StackWebhooks(CmaRequests requests, Optional<AdaptiveRateLimiter> reads) {
        this.requests = requests;
        this.reads = reads;
    }

    public static StackWebhooks create(URI baseUrl, ManagementTokens tokens, JsonCodec json) {
        return new StackWebhooks(CmaRequests.defaultHttpClient(), baseUrl, tokens, json, CmaCallListener.NONE);
    }

    /** The same reads, each paced by {@code readBudget} (the container's share of the organisation's read limit). */
    public StackWebhooks pacedBy(AdaptiveRateLimiter readBudget) {
        return new StackWebhooks(requests, Optional.of(readBudget));
    }

    /** Every webhook of the stack, as listed. */
    public List<Webhook> list(String apiKey, Duration timeout) throws IOException {
        String path = "/v3/webhooks";
        return webhooksOf("GET " + path, read(apiKey, path, timeout, CmaLimits.WEBHOOKS));
    }

    /** One webhook. A uid the stack does not have is a refusal (422 or 404) from the CMA. */
    public Webhook get(String apiKey, String webhookUid, Duration timeout) throws IOException {
        String path = "/v3/webhooks/" + safe(webhookUid);
        CmaResponse response = read(apiKey, path, timeout, CmaLimits.WEBHOOKS);
        JsonNode webhook = usable("GET " + path, response).path("webhook");
        if (!webhook.isObject()) {
            throw CmaAnswerException.shape("GET " + path, response.status(), "a \"webhook\" object");
        }
        return Webhook.fromJson(webhook);
    }

    /**
     * The webhook's executions within {@code from}..{@code to} (either may be empty: Contentstack's default window),
     * in the CMA's order.
     */
    public List<WebhookExecution> executions(String apiKey, String webhookUid, Optional<Instant> from,
                                             Optional<Instant> to, Duration timeout) throws IOException {
        StringBuilder path = new StringBuilder("/v3/webhooks/").append(safe(webhookUid)).append("/executions");
        char separator = '?';
        if (from.isPresent()) {
            path.append(separator).append("from=").append(encode(from.get().toString()));
            separator = '&';
        }
        if (to.isPresent()) {
            path.append(separator).append("to=").append(encode(to.get().toString()));
        }
        String call = "GET /v3/webhooks/" + webhookUid + "/executions";
        return executionsOf(call, read(apiKey, path.toString(), timeout, CmaLimits.EXECUTIONS));
    }

    /** Reads a {@code GET /v3/webhooks} answer. */
    public static List<Webhook> webhooksOf(String call, CmaResponse response) throws CmaAnswerException {
        List<Webhook> webhooks = new ArrayList<>();
        for (JsonNode node : array(call, response, "webhooks")) {
            if (node.isObject()) {
                webhooks.add(Webhook.fromJson(node));
            }
        }
        return webhooks;
    }

    /** Reads a {@code GET /v3/webhooks/{uid}/executions} answer. */
    public static List<WebhookExecution> executionsOf(String call, CmaResponse response) throws CmaAnswerException {
        List<WebhookExecution> executions = new ArrayList<>();
        for (JsonNode node : array(call, response, "webhooks")) {
            if (node.isObject()) {
                executions.add(WebhookExecution.fromJson(node));
            }
        }
        return executions;
    }

    private static JsonNode array(String call, CmaResponse response, String field) throws CmaAnswerException {
        JsonNode array = usable(call, response).path(field);
        if (!array.isArray()) {
            throw CmaAnswerException.shape(call, response.status(), "a \"" + field + "\" array");
        }
        return array;
    }

    private static JsonNode usable(String call, CmaResponse response) throws CmaAnswerException {
        if (!response.isSuccess() || !response.json().isObject()) {
            if (response.isSuccess() && !response.json().isMissingNode()) {
                throw CmaAnswerException.shape(call, response.status(), "a JSON object");
            }
            throw CmaAnswerException.of(call, response);
        }
        return response.json();
    }

    private CmaResponse read(String apiKey, String pathAndQuery, Duration timeout, long maxBodyBytes)
            throws IOException {
        if (reads.isPresent()) {
            try {
                reads.get().acquire(new Deadline(Long.MAX_VALUE));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the CMA read budget", e);
            }
        }
        CmaResponse response = requests.send(requests.request(apiKey, Identifiers.DEFAULT_BRANCH, pathAndQuery,
                timeout).GET().build(), maxBodyBytes);
        reads.ifPresent(budget -> budget.observe(response));
        return response;
    }

    private static String safe(String webhookUid) {
        if (!Identifiers.isSafe(webhookUid)) {
            throw new IllegalArgumentException("webhook uid must match " + Identifiers.SAFE_ID);
        }
        return webhookUid;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "StackWebhooks[" + requests.baseUrl() + (reads.isPresent() ? ", paced" : "") + "]";
    }
}
