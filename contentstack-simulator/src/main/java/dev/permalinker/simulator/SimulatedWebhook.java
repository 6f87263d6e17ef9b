package dev.permalinker.simulator;

/**
 * A webhook of the simulated stack as it stands now.
 *
 * @param unhealthy           {@code unhealthy.state}: set with {@code disabled} by the circuit breaker
 * @param consecutiveFailures failed deliveries counted towards the circuit breaker since it was last enabled
 */
public record SimulatedWebhook(String uid, String apiKey, WebhookSpec spec, boolean disabled, boolean unhealthy,
                               int consecutiveFailures, String createdAt, String updatedAt) {

    public String name() {
        return spec.name();
    }
}
