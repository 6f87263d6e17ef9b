package dev.permalinker.simulator;

import dev.permalinker.model.JsonCodec;
import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.signing.HmacSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The simulated Contentstack's webhook sender: an asset creation becomes one execution per webhook of the stack that
 * listens to {@code assets.create} on its branch and is enabled, delivered as Contentstack does (its README lists
 * what is documented and what assumed):
 * <ul>
 *   <li>the full payload (the shape of {@code asset-create-with-branch.json}) or, with {@code concise_payload}, the
 *       asset's uid only; {@code Content-Type: application/json}, {@code User-Agent: Contentstack}, the webhook's
 *       custom headers and Basic credentials;</li>
 *   <li>signed: {@code X-Contentstack-Request-Signature} with the current signing key, and
 *       {@code x-contentstack-hmac-signature} when the organisation has HMAC keys ("Secure Your Webhooks");</li>
 *   <li>any non-2xx or no answer within 30 s is retried after 5, 25, 125 and 625 s under {@code retry_policy:
 *       automatic}, never under {@code manual}; each retry with a fresh {@code triggered_at} first in the body and a
 *       fresh signature ("Webhook Retry Policy");</li>
 *   <li>a 5xx, 401 or no answer counts towards the circuit breaker: the tenth in a row disables the webhook and marks
 *       it unhealthy, and its pending retries stop ("Webhook Circuit Breaker"); 400, 403 and 404 do not count;</li>
 *   <li>at most 200 deliveries a minute per organisation; the rest wait ("Webhook rate limit").</li>
 * </ul>
 * Timings are scaled by {@link WebhookDelivery}. One daemon scheduler thread; sends are asynchronous.
 */
final class WebhookSender implements AutoCloseable {
    private final WebhookStore store;
    private final SigningKeys signingKeys;
    private final JsonCodec json;
    private final Supplier<Instant> clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "webhook-sender");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile WebhookDelivery delivery = WebhookDelivery.documented();
    private volatile List<String> hmacKeys = List.of();
    /** The organisation's delivery budget: the (scaled) minute being filled, and how much of it is reserved. */
    private long windowStartNanos = Long.MIN_VALUE;
    private int windowUsed;

    WebhookSender(WebhookStore store, SigningKeys signingKeys, JsonCodec json, Supplier<Instant> clock) {
        this.store = store;
        this.signingKeys = signingKeys;
        this.json = json;
        this.clock = clock;
    }

    void delivery(WebhookDelivery settings) {
        this.delivery = settings;
    }

    void hmacKeys(List<String> keys) {
        this.hmacKeys = List.copyOf(keys);
    }

    /** Executions not finished yet (waiting for the budget, in flight, or waiting to be retried). */
    int pending() {
        return pending.get();
    }

    /** An asset was created in {@code branch}: one execution per listening, enabled webhook of its stack. */
    void assetCreated(SimulatedAsset asset, String branch) {
        for (SimulatedWebhook webhook : store.ofStack(asset.apiKey())) {
            WebhookSpec spec = webhook.spec();
            if (webhook.disabled() || !spec.channels().contains(WebhookSpec.ASSETS_CREATE)
                    || !spec.branches().contains(branch)) {
                continue;
            }
            Map<String, Object> event = event(asset, branch, spec.concisePayload());
            String triggeredAt = Timestamps.format(clock.get());
            String execution = store.newExecution(webhook.uid(), asset.apiKey(), WebhookSpec.ASSETS_CREATE,
                    asset.uid(), json.write(body(event, 0, triggeredAt)));
            pending.incrementAndGet();
            dispatch(new Delivery(execution, webhook.uid(), event, triggeredAt), 0);
        }
    }

    /** One execution: its event without {@code triggered_at}, which each retry sets afresh. */
    private record Delivery(String executionUid, String webhookUid, Map<String, Object> event,
                            String firstTriggeredAt) {
    }

    private void dispatch(Delivery delivery, int retryNumber) {
        long waitNanos = reserveSlot();
        try {
            scheduler.schedule(() -> send(delivery, retryNumber), waitNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The simulator is closed: nothing more is sent.
            finish(delivery);
        }
    }

    /** Reserves a place in the organisation's per-minute budget; returns how long to wait for it. */
    private synchronized long reserveSlot() {
        long now = System.nanoTime();
        long window = delivery.scale(WebhookDelivery.MINUTE).toNanos();
        if (windowStartNanos == Long.MIN_VALUE || windowStartNanos + window <= now) {
            windowStartNanos = now;
            windowUsed = 0;
        }
        if (windowUsed >= delivery.executionsPerMinute()) {
            // This minute is full: the next one (already reserved ahead, perhaps) takes it.
            windowStartNanos += window;
            windowUsed = 0;
        }
        windowUsed++;
        return Math.max(0, windowStartNanos - now);
    }

    private void send(Delivery delivery, int retryNumber) {
        SimulatedWebhook webhook = store.get(delivery.webhookUid());
        if (webhook == null || webhook.disabled()) {
            finish(delivery);
            return;
        }
        String triggeredAt = retryNumber == 0 ? delivery.firstTriggeredAt() : Timestamps.format(clock.get());
        byte[] body = json.write(body(delivery.event(), retryNumber, triggeredAt)).getBytes(StandardCharsets.UTF_8);
        HttpRequest request;
        try {
            request = request(webhook.spec(), body);
        } catch (IllegalArgumentException e) {
            attempted(delivery, retryNumber, 0, "getaddrinfo ENOTFOUND " + webhook.spec().targetUrl());
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        attempted(delivery, retryNumber, 0, networkError(cause));
                    } else {
                        attempted(delivery, retryNumber, response.statusCode(), abbreviate(response.body()));
                    }
                });
    }

    /**
     * A failure without an answer as Contentstack's log words it (a Node.js error: the CMA reference's sample has
     * "read ECONNRESET"): refused, timed out, or reset. Which Java exception maps to which code is our reading.
     */
    static String networkError(Throwable cause) {
        if (cause instanceof java.net.ConnectException) {
            return "connect ECONNREFUSED";
        }
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return "ETIMEDOUT";
        }
        return "read ECONNRESET";
    }

    private void attempted(Delivery delivery, int retryNumber, int status, String responseBody) {
        try {
            store.addAttempt(delivery.executionUid(), status, responseBody);
            if (status >= 200 && status < 300) {
                store.countSuccess(delivery.webhookUid());
                finish(delivery);
                return;
            }
            if (countsTowardsBreaker(status)) {
                store.countFailure(delivery.webhookUid());
            }
            SimulatedWebhook webhook = store.get(delivery.webhookUid());
            boolean retry = webhook != null && !webhook.disabled()
                    && WebhookSpec.AUTOMATIC.equals(webhook.spec().retryPolicy())
                    && retryNumber < WebhookDelivery.maxRetries();
            if (!retry) {
                finish(delivery);
                return;
            }
            int next = retryNumber + 1;
            scheduler.schedule(() -> dispatch(delivery, next), this.delivery.retryDelay(next).toNanos(),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The scheduler is shut down (the simulator closed): nothing more will be sent.
            finish(delivery);
        }
    }

    /** 5xx, 401 and no answer count; 400, 403, 404 and the other statuses do not (assumed for the others). */
    static boolean countsTowardsBreaker(int status) {
        return status == 0 || status == 401 || status >= 500;
    }

    private void finish(Delivery delivery) {
        store.finish(delivery.executionUid());
        pending.decrementAndGet();
    }

    private HttpRequest request(WebhookSpec spec, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(spec.targetUrl()))
                .timeout(delivery.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Contentstack")
                .header(CertificateSignature.HEADER,
                        CertificateSignature.sign(signingKeys.current().getPrivate(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        List<String> keys = hmacKeys;
        if (!keys.isEmpty()) {
            builder.header(HmacSignature.HEADER, HmacSignature.sign(clock.get().getEpochSecond(), body,
                    keys.toArray(String[]::new)));
        }
        spec.customHeaders().forEach(builder::header);
        if (!spec.basicAuthUser().isEmpty()) {
            builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (spec.basicAuthUser() + ":" + spec.basicAuthPassword()).getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }

    /** The event, as the first attempt sends it (key order of a capture), or a retry (fresh triggered_at first). */
    private static Map<String, Object> body(Map<String, Object> event, int retryNumber, String triggeredAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (retryNumber > 0) {
            body.put("triggered_at", triggeredAt);
        }
        body.putAll(event);
        if (retryNumber == 0) {
            body.put("triggered_at", triggeredAt);
        }
        return body;
    }

    /** Key order {@code module, api_key, data, event} as in {@code asset-create-with-branch.json}. */
    private static Map<String, Object> event(SimulatedAsset asset, String branch, boolean concise) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (concise) {
            data.put("asset", Map.of("uid", asset.uid()));
        } else {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("uid", asset.uid());
            view.put("created_at", asset.createdAt());
            view.put("updated_at", asset.createdAt());
            view.put("created_by", "cs0000000000000simulator");
            view.put("updated_by", "cs0000000000000simulator");
            view.put("content_type", asset.contentType());
            view.put("file_size", "1024");
            view.put("tags", List.of());
            view.put("filename", asset.filename());
            view.put("url", asset.url());
            view.put("ACL", Map.of());
            view.put("is_dir", false);
            view.put("parent_uid", null);
            view.put("_version", 1);
            view.put("title", asset.filename());
            data.put("asset", view);
        }
        Map<String, Object> branchView = new LinkedHashMap<>();
        branchView.put("uid", branch);
        branchView.put("source", "");
        branchView.put("alias", List.of());
        data.put("branch", branchView);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("module", "asset");
        event.put("api_key", asset.apiKey());
        event.put("data", data);
        event.put("event", "create");
        return event;
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 500 ? body.substring(0, 500) : body;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
