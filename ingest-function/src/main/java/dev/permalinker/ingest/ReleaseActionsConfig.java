package dev.permalinker.ingest;

import dev.permalinker.model.EnvReader;
import java.util.Map;

/**
 * Whether the ingest routes release-triggered webhooks to the actions queue: on when {@code ACTIONS_QUEUE_URL} and
 * an action target ({@code RELEASE_HOOK_URL} or {@code EVENT_BUS_NAME}) are set; off, the events stay {@code 200
 * ignored}. A hook URL that is not an absolute http(s) URL stops the start-up; the message never echoes the URL (a
 * build hook's URL is its secret).
 *
 * @param actionsQueueUrl the actions FIFO queue, or {@code null} when release actions are off
 */
public record ReleaseActionsConfig(String actionsQueueUrl) {
    /** Release actions off. */
    public static final ReleaseActionsConfig OFF = new ReleaseActionsConfig(null);

    public boolean enabled() {
        return actionsQueueUrl != null;
    }

    public static ReleaseActionsConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        String queue = reader.optional("ACTIONS_QUEUE_URL").orElse(null);
        // The ingest never calls the hook, but a URL the consumer would refuse at its start is refused here too.
        reader.url("RELEASE_HOOK_URL");
        boolean target = reader.optional("RELEASE_HOOK_URL").isPresent()
                || reader.optional("EVENT_BUS_NAME").isPresent();
        if (queue != null && !target) {
            reader.problem("ACTIONS_QUEUE_URL is set but no action target: set RELEASE_HOOK_URL or EVENT_BUS_NAME, "
                    + "or unset ACTIONS_QUEUE_URL");
        }
        reader.throwIfProblems("release actions configuration");
        return queue != null ? new ReleaseActionsConfig(queue) : OFF;
    }
}
