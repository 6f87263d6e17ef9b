package dev.permalinker.cma;

/**
 * What the webhook check found wrong with the stack's asset-creation webhooks. {@link #code()} is the stable wire
 * code for log events, metric dimensions and {@code permalinker-ops webhook status --json}.
 * Sources: Contentstack's "Webhook Circuit Breaker" (disabled and {@code unhealthy.state}) and "Webhook Retry Policy".
 */
public enum WebhookFinding {
    /** {@code disabled: true}: Contentstack delivers nothing until a person enables it again. */
    DISABLED("disabled", true),
    /** {@code unhealthy.state: true}: the circuit breaker tripped after ten failed deliveries. */
    UNHEALTHY("unhealthy", true),
    /** {@code retry_policy} is not {@code automatic}: one failed delivery and that event is gone. */
    MANUAL_RETRY("manual_retry", false),
    /** No webhook delivers asset creations to this deployment: nothing arrives but what the reconciler finds. */
    MISSING("missing", true),
    /**
     * Its recent executions mostly failed ({@link WebhookHealth#mostlyFailing}) while Contentstack may still call it
     * healthy: a 404 (a destination pasted with a trailing slash or an old path) never trips the circuit breaker,
     * which counts only 5xx, 401 and timeouts ("Webhook Circuit Breaker").
     */
    FAILING_DELIVERIES("failing_deliveries", true);

    private final String code;
    private final boolean failing;

    WebhookFinding(String code, boolean failing) {
        this.code = code;
        this.failing = failing;
    }

    public String code() {
        return code;
    }

    /** Whether asset creations are not delivered now (exit 1 of {@code webhook status}, the alarm); else a warning. */
    public boolean failing() {
        return failing;
    }
}
