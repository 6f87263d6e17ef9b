package dev.permalinker.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The simulated stacks' webhooks and their executions. Thread-safe (one lock: the sender, the routes and the tests
 * touch it from different threads, and none of it is hot).
 */
final class WebhookStore {
    /** Failures that disable a webhook ("Webhook Circuit Breaker": ten). */
    static final int CIRCUIT_BREAKER_THRESHOLD = 10;

    private final Supplier<Instant> clock;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, SimulatedWebhook> webhooks = new LinkedHashMap<>();
    private final Map<String, ExecutionState> executions = new LinkedHashMap<>();

    WebhookStore(Supplier<Instant> clock) {
        this.clock = clock;
    }

    synchronized SimulatedWebhook add(String apiKey, WebhookSpec spec) {
        String uid = uid("blt");
        String now = Timestamps.format(clock.get());
        SimulatedWebhook webhook = new SimulatedWebhook(uid, apiKey, spec, spec.disabled(), false, 0, now, now);
        webhooks.put(uid, webhook);
        return webhook;
    }

    /** Puts back a webhook saved by an earlier process, as it was. */
    synchronized void restore(SimulatedWebhook webhook) {
        webhooks.put(webhook.uid(), webhook);
    }

    /** The identifier counter: saved with the webhooks, so new uids never repeat a restored one. */
    long ids() {
        return ids.get();
    }

    void ids(long value) {
        ids.set(Math.max(ids.get(), value));
    }

    synchronized SimulatedWebhook get(String uid) {
        return webhooks.get(uid);
    }

    synchronized List<SimulatedWebhook> ofStack(String apiKey) {
        return webhooks.values().stream().filter(w -> w.apiKey().equals(apiKey)).toList();
    }

    synchronized List<SimulatedWebhook> all() {
        return List.copyOf(webhooks.values());
    }

    /**
     * Replaces the webhook's settings. Enabling it ({@code disabled: false}) clears {@code unhealthy} and the
     * failure count, as a person re-enabling a webhook the circuit breaker disabled does.
     */
    synchronized SimulatedWebhook update(String uid, WebhookSpec spec) {
        SimulatedWebhook old = webhooks.get(uid);
        if (old == null) {
            return null;
        }
        boolean enabled = !spec.disabled();
        SimulatedWebhook updated = new SimulatedWebhook(uid, old.apiKey(), spec, spec.disabled(),
                !enabled && old.unhealthy(), enabled ? 0 : old.consecutiveFailures(), old.createdAt(),
                Timestamps.format(clock.get()));
        webhooks.put(uid, updated);
        return updated;
    }

    synchronized boolean remove(String uid) {
        return webhooks.remove(uid) != null;
    }

    /**
     * A delivery that counts towards the circuit breaker failed; returns true when this failure disabled the webhook
     * (it is then {@code disabled} and {@code unhealthy}).
     */
    synchronized boolean countFailure(String uid) {
        SimulatedWebhook old = webhooks.get(uid);
        if (old == null || old.disabled()) {
            return false;
        }
        int failures = old.consecutiveFailures() + 1;
        boolean trip = failures >= CIRCUIT_BREAKER_THRESHOLD;
        webhooks.put(uid, new SimulatedWebhook(uid, old.apiKey(), trip ? old.spec().withDisabled(true) : old.spec(),
                trip, trip, failures, old.createdAt(), trip ? Timestamps.format(clock.get()) : old.updatedAt()));
        return trip;
    }

    /** A 2xx: the failure count starts again (assumed: the breaker counts failures in a row). */
    synchronized void countSuccess(String uid) {
        SimulatedWebhook old = webhooks.get(uid);
        if (old != null && old.consecutiveFailures() > 0) {
            webhooks.put(uid, new SimulatedWebhook(uid, old.apiKey(), old.spec(), old.disabled(), old.unhealthy(), 0,
                    old.createdAt(), old.updatedAt()));
        }
    }

    // ---- executions ----

    synchronized String newExecution(String webhookUid, String apiKey, String channel, String assetUid,
                                     String eventData) {
        String uid = uid("blx");
        executions.put(uid, new ExecutionState(uid, webhookUid, apiKey, channel, assetUid,
                Timestamps.format(clock.get()), eventData));
        return uid;
    }

    synchronized void addAttempt(String executionUid, int status, String body) {
        ExecutionState execution = executions.get(executionUid);
        execution.attempts.add(new SimulatedExecution.Attempt(execution.attempts.size(), status,
                Timestamps.format(clock.get()), body));
    }

    synchronized void finish(String executionUid) {
        executions.get(executionUid).finished = true;
    }

    synchronized SimulatedExecution execution(String executionUid) {
        ExecutionState state = executions.get(executionUid);
        return state == null ? null : state.view();
    }

    /** The webhook's executions, newest first. */
    synchronized List<SimulatedExecution> executions(String webhookUid) {
        return executions.values().stream().filter(e -> e.webhookUid.equals(webhookUid))
                .map(ExecutionState::view)
                .sorted(Comparator.comparing(SimulatedExecution::createdAt).reversed()
                        .thenComparing(SimulatedExecution::uid, Comparator.reverseOrder()))
                .toList();
    }

    synchronized List<SimulatedExecution> allExecutions() {
        return executions.values().stream().map(ExecutionState::view).toList();
    }

    private String uid(String prefix) {
        return prefix + String.format(Locale.ROOT, "%016x", ids.incrementAndGet() * 0x9E3779B97F4A7C15L)
                .substring(0, 16);
    }

    /** An execution while it is being delivered. */
    private static final class ExecutionState {
        final String uid;
        final String webhookUid;
        final String apiKey;
        final String channel;
        final String assetUid;
        final String createdAt;
        final String eventData;
        final List<SimulatedExecution.Attempt> attempts = new ArrayList<>();
        boolean finished;

        ExecutionState(String uid, String webhookUid, String apiKey, String channel, String assetUid,
                       String createdAt, String eventData) {
            this.uid = uid;
            this.webhookUid = webhookUid;
            this.apiKey = apiKey;
            this.channel = channel;
            this.assetUid = assetUid;
            this.createdAt = createdAt;
            this.eventData = eventData;
        }

        SimulatedExecution view() {
            int status = attempts.isEmpty() ? 0 : attempts.get(attempts.size() - 1).status();
            return new SimulatedExecution(uid, webhookUid, apiKey, channel, assetUid, createdAt, eventData,
                    List.copyOf(attempts), status, finished);
        }
    }
}
