package dev.permalinker.reconcile;

import dev.permalinker.retry.Deadline;
import java.util.List;

/**
 * Reads one stack's webhooks ({@code GET /v3/webhooks}, one read) and says which deliver {@code assets.create} to
 * this deployment and what is wrong with each. Production: {@link CmaWebhookWatch}, over the cma-client's health
 * evaluation; tests pass their own.
 */
@FunctionalInterface
public interface WebhookWatch {
    /** Watches nothing and reads nothing (the operator's backfill). */
    WebhookWatch NONE = apiKey -> List.of();

    /**
     * @return the watched webhooks; a single unhealthy row with finding {@code missing} when none delivers here
     * @throws UnreadableException when the list cannot be read or understood (the detail says why, never a token)
     */
    List<WatchedWebhook> check(String apiKey) throws UnreadableException;

    /**
     * The same within the run's {@code deadline}: no read starts, waits for its budget or runs past it (a read cut
     * short is {@link UnreadableException}). A watch that reads nothing ignores it.
     */
    default List<WatchedWebhook> check(String apiKey, Deadline deadline) throws UnreadableException {
        return check(apiKey);
    }

    /** The stack's webhooks could not be read: unreachable, an error answer, or a shape not understood. */
    final class UnreadableException extends Exception {
        public UnreadableException(String detail, Throwable cause) {
            super(detail, cause);
        }
    }
}
