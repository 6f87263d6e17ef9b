package dev.permalinker.actions;

import dev.permalinker.aws.AwsSettings;
import dev.permalinker.model.ConfigException;
import dev.permalinker.model.EnvReader;
import dev.permalinker.model.HeaderValues;
import dev.permalinker.model.SecretResolver;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The actions consumer's configuration, parsed once from the environment; every bad variable is reported together.
 * {@code toString()} shows the hook's host only (a build hook's URL path is its secret) and never the secret.
 *
 * @param debounce     {@code RELEASE_DEBOUNCE}: the quiet period after a release's last event before its one action
 * @param hookUrl      {@code RELEASE_HOOK_URL}, or {@code null}
 * @param hookSecret   {@code RELEASE_HOOK_SECRET} (or read from {@code RELEASE_HOOK_SECRET_SECRET_ARN}), sent in
 *                     {@code X-Permalinker-Secret}; {@code null} for none
 * @param eventBusName {@code EVENT_BUS_NAME}, or {@code null}
 * @param hookTimeout  {@code RELEASE_HOOK_TIMEOUT}: connect and answer timeout of one hook call
 * @param maxAttempts  {@code RELEASE_ACTION_ATTEMPTS}: failed attempts before the action goes to the actions DLQ
 * @param retryBackoff {@code RELEASE_ACTION_BACKOFF}: wait after the first failure, doubled after each next one
 * @param eventsEndpoint {@code EVENTS_ENDPOINT}: instead of the region's EventBridge endpoint (tests), or {@code null}
 * @param aws          {@code AWS_REGION}, {@code SQS_ENDPOINT}
 */
public record ActionsConfig(
        String actionsQueueUrl,
        String actionsDlqUrl,
        Duration debounce,
        URI hookUrl,
        String hookSecret,
        String hookSecretArn,
        String eventBusName,
        Duration hookTimeout,
        int maxAttempts,
        Duration retryBackoff,
        URI eventsEndpoint,
        AwsSettings aws) {

    /** A minute of quiet: a release that Contentstack spreads at 200 executions/min has gaps far shorter. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofSeconds(60);
    /**
     * The longest quiet period: one {@code ChangeMessageVisibility} hold (12 hours). Longer, a message is received
     * again and again until the queue's {@code maxReceiveCount} moves it to the DLQ without a failure code, and a
     * value past {@code Instant}'s range made every message look malformed.
     */
    public static final Duration MAX_DEBOUNCE = Duration.ofHours(12);

    public static ActionsConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        URI hookUrl = reader.url("RELEASE_HOOK_URL");
        String bus = reader.optional("EVENT_BUS_NAME").orElse(null);
        if (reader.optional("RELEASE_HOOK_URL").isEmpty() && bus == null) {
            reader.problem("set RELEASE_HOOK_URL or EVENT_BUS_NAME (or both): the action to perform once per release");
        }
        Duration debounce = reader.duration("RELEASE_DEBOUNCE", DEFAULT_DEBOUNCE);
        if (debounce.compareTo(MAX_DEBOUNCE) > 0) {
            reader.problem("RELEASE_DEBOUNCE must be at most " + MAX_DEBOUNCE + " (one message hold), was " + debounce);
        }
        ActionsConfig config = new ActionsConfig(
                reader.required("ACTIONS_QUEUE_URL"),
                reader.required("ACTIONS_DLQ_URL"),
                debounce,
                hookUrl,
                reader.headerSecret("RELEASE_HOOK_SECRET").orElse(null),
                reader.optional("RELEASE_HOOK_SECRET_SECRET_ARN").orElse(null),
                bus,
                reader.duration("RELEASE_HOOK_TIMEOUT", Duration.ofSeconds(10)),
                reader.integer("RELEASE_ACTION_ATTEMPTS", 5, 1, 100),
                reader.duration("RELEASE_ACTION_BACKOFF", Duration.ofSeconds(10)),
                reader.url("EVENTS_ENDPOINT"),
                AwsSettings.fromEnv(reader));
        reader.throwIfProblems("release actions configuration");
        return config;
    }

    /**
     * This configuration with {@code RELEASE_HOOK_SECRET_SECRET_ARN} read and checked as the variable is
     * ({@link HeaderValues#secret}): a {@link ConfigException} names the variable and the ARN, never the value.
     */
    public ActionsConfig withResolvedSecrets(SecretResolver resolver) {
        String secret = hookSecret;
        if (hookSecret == null && hookSecretArn != null) {
            try {
                secret = HeaderValues.secret(resolver.resolve(hookSecretArn),
                        "RELEASE_HOOK_SECRET_SECRET_ARN (" + hookSecretArn + ")");
            } catch (IllegalArgumentException e) {
                throw new ConfigException("release actions configuration", List.of(e.getMessage()));
            }
        }
        return new ActionsConfig(actionsQueueUrl, actionsDlqUrl, debounce, hookUrl, secret, hookSecretArn,
                eventBusName, hookTimeout, maxAttempts, retryBackoff, eventsEndpoint, aws);
    }

    @Override
    public String toString() {
        return "ActionsConfig[actionsQueueUrl=" + actionsQueueUrl + ", actionsDlqUrl=" + actionsDlqUrl
                + ", debounce=" + debounce
                + ", hook=" + (hookUrl != null ? hookUrl.getScheme() + "://" + hookUrl.getHost() + "/…" : "off")
                + ", hookSecret=" + (hookSecret != null || hookSecretArn != null ? "on" : "off")
                + ", eventBus=" + (eventBusName != null ? eventBusName : "off")
                + ", hookTimeout=" + hookTimeout + ", maxAttempts=" + maxAttempts + ", retryBackoff=" + retryBackoff
                + ", " + aws + "]";
    }
}
