package dev.permalinker.ingest;

import dev.permalinker.model.EnvReader;
import java.util.Map;

/**
 * Whether the ingest routes release-triggered webhooks to the actions queue: on when {@code ACTIONS_QUEUE_URL} is
 * set (the switch; the CDK app sets it only when release actions are on); off, the events stay {@code 200 ignored}.
 * The ingest never calls an action target, so it reads none: the build hook's URL is a secret only the actions
 * consumer reads, and the consumer refuses at its own start a configuration without a target.
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
        reader.throwIfProblems("release actions configuration");
        return queue != null ? new ReleaseActionsConfig(queue) : OFF;
    }
}
