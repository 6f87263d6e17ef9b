package dev.permalinker.actions;

import dev.permalinker.aws.AwsSettings;
import dev.permalinker.model.ConfigException;
import dev.permalinker.model.EnvReader;
import dev.permalinker.model.HeaderValues;
import dev.permalinker.model.ReleaseTimings;
import dev.permalinker.model.SecretResolver;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The actions consumer's configuration, parsed once from the environment; every bad variable is reported together.
 * {@code toString()} shows the hook's host only (a build hook's URL path is its secret) and never the secret.
 *
 * <p>The build hook's URL is a secret (Netlify and Vercel hooks carry their token in it): on AWS it lives in Secrets
 * Manager, named by {@code RELEASE_HOOK_URL_SECRET_ARN}, and is read once, at init, by
 * {@link #withResolvedSecrets}; {@code RELEASE_HOOK_URL} (plain) is for local runs.
 *
 * @param timings          {@code RELEASE_DEBOUNCE}, {@code RELEASE_MAX_WAIT}, {@code RELEASE_HOOK_TIMEOUT},
 *                         {@code FUNCTION_TIMEOUT}: one rule with the CDK app's ({@link ReleaseTimings})
 * @param hookUrl          {@code RELEASE_HOOK_URL} (or read from {@code RELEASE_HOOK_URL_SECRET_ARN}), or
 *                         {@code null}
 * @param hookUrlSecretArn {@code RELEASE_HOOK_URL_SECRET_ARN}: a secret whose value is the hook's URL, or
 *                         {@code null}
 * @param hookSecret       {@code RELEASE_HOOK_SECRET} (or read from {@code RELEASE_HOOK_SECRET_SECRET_ARN}), sent in
 *                         {@code X-Permalinker-Secret}; {@code null} for none
 * @param eventBusName     {@code EVENT_BUS_NAME}, or {@code null}
 * @param maxAttempts      {@code RELEASE_ACTION_ATTEMPTS}: failed attempts before the action goes to the actions DLQ
 * @param retryBackoff     {@code RELEASE_ACTION_BACKOFF}: wait after the first failure, doubled after each next one
 * @param eventsEndpoint   {@code EVENTS_ENDPOINT}: instead of the region's EventBridge endpoint (tests), or
 *                         {@code null}
 * @param aws              {@code AWS_REGION}, {@code SQS_ENDPOINT}
 */
public record ActionsConfig(
        String actionsQueueUrl,
        String actionsDlqUrl,
        ReleaseTimings timings,
        URI hookUrl,
        String hookUrlSecretArn,
        String hookSecret,
        String hookSecretArn,
        String eventBusName,
        int maxAttempts,
        Duration retryBackoff,
        URI eventsEndpoint,
        AwsSettings aws) {

    /** See {@link ReleaseTimings#DEFAULT_DEBOUNCE}. */
    public static final Duration DEFAULT_DEBOUNCE = ReleaseTimings.DEFAULT_DEBOUNCE;
    /** See {@link ReleaseTimings#MAX_DEBOUNCE}. */
    public static final Duration MAX_DEBOUNCE = ReleaseTimings.MAX_DEBOUNCE;

    public static ActionsConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        String hook = reader.optional("RELEASE_HOOK_URL").orElse(null);
        URI hookUrl = reader.url("RELEASE_HOOK_URL");
        String hookUrlArn = reader.optional("RELEASE_HOOK_URL_SECRET_ARN").orElse(null);
        if (hook != null && hookUrlArn != null) {
            reader.problem("set RELEASE_HOOK_URL or RELEASE_HOOK_URL_SECRET_ARN, not both");
        }
        String bus = reader.optional("EVENT_BUS_NAME").orElse(null);
        boolean hookOn = hook != null || hookUrlArn != null;
        if (!hookOn && bus == null) {
            reader.problem("set RELEASE_HOOK_URL or EVENT_BUS_NAME (or both; on AWS, RELEASE_HOOK_URL_SECRET_ARN "
                    + "instead of RELEASE_HOOK_URL): the action to perform once per release");
        }
        ActionsConfig config = new ActionsConfig(
                reader.required("ACTIONS_QUEUE_URL"),
                reader.required("ACTIONS_DLQ_URL"),
                ReleaseTimings.read(reader, hookOn, bus != null),
                hookUrl,
                hookUrlArn,
                reader.headerSecret("RELEASE_HOOK_SECRET").orElse(null),
                reader.optional("RELEASE_HOOK_SECRET_SECRET_ARN").orElse(null),
                bus,
                reader.integer("RELEASE_ACTION_ATTEMPTS", 5, 1, 100),
                reader.duration("RELEASE_ACTION_BACKOFF", Duration.ofSeconds(10)),
                reader.url("EVENTS_ENDPOINT"),
                AwsSettings.fromEnv(reader));
        reader.throwIfProblems("release actions configuration");
        return config;
    }

    /** {@code RELEASE_DEBOUNCE}: the quiet period after a release's last event before its one action. */
    public Duration debounce() {
        return timings.debounce();
    }

    /** {@code RELEASE_MAX_WAIT}: the longest a release waits after its first event, quiet or not. */
    public Duration maxWait() {
        return timings.maxWait();
    }

    /** {@code RELEASE_HOOK_TIMEOUT}: connect and answer timeout of one hook call. */
    public Duration hookTimeout() {
        return timings.hookTimeout();
    }

    /** True when a build hook is configured (its URL given, or its secret named). */
    public boolean hookEnabled() {
        return hookUrl != null || hookUrlSecretArn != null;
    }

    /**
     * This configuration with {@code RELEASE_HOOK_URL_SECRET_ARN} and {@code RELEASE_HOOK_SECRET_SECRET_ARN} read.
     * The URL secret's value is trimmed (a pasted value often ends in a newline) and must be an absolute http(s)
     * URL; else init fails naming the secret, never its value.
     */
    public ActionsConfig withResolvedSecrets(SecretResolver resolver) {
        URI url = hookUrl;
        if (url == null && hookUrlSecretArn != null) {
            String value = resolver.resolve(hookUrlSecretArn);
            url = EnvReader.httpUrl(value == null ? "" : value.trim());
            if (url == null) {
                throw new ConfigException("release actions configuration", List.of("the secret "
                        + hookUrlSecretArn + " (RELEASE_HOOK_URL_SECRET_ARN) must hold the build hook's absolute "
                        + "http(s) URL (value not shown); put it there: aws secretsmanager put-secret-value "
                        + "--secret-id <arn> --secret-string <url>"));
            }
        }
        String secret = hookSecret;
        if (hookSecret == null && hookSecretArn != null) {
            // Checked as the variable is (HeaderValues#secret): the message names the ARN, never the value.
            try {
                secret = HeaderValues.secret(resolver.resolve(hookSecretArn),
                        "RELEASE_HOOK_SECRET_SECRET_ARN (" + hookSecretArn + ")");
            } catch (IllegalArgumentException e) {
                throw new ConfigException("release actions configuration", List.of(e.getMessage()));
            }
        }
        return new ActionsConfig(actionsQueueUrl, actionsDlqUrl, timings, url, hookUrlSecretArn, secret,
                hookSecretArn, eventBusName, maxAttempts, retryBackoff, eventsEndpoint, aws);
    }

    @Override
    public String toString() {
        return "ActionsConfig[actionsQueueUrl=" + actionsQueueUrl + ", actionsDlqUrl=" + actionsDlqUrl
                + ", debounce=" + debounce() + ", maxWait=" + maxWait()
                + ", hook=" + (hookUrl != null ? hookUrl.getScheme() + "://" + hookUrl.getHost() + "/…"
                        : hookUrlSecretArn != null ? "from " + hookUrlSecretArn : "off")
                + ", hookSecret=" + (hookSecret != null || hookSecretArn != null ? "on" : "off")
                + ", eventBus=" + (eventBusName != null ? eventBusName : "off")
                + ", hookTimeout=" + hookTimeout() + ", functionTimeout=" + timings.functionTimeout()
                + ", maxAttempts=" + maxAttempts + ", retryBackoff=" + retryBackoff
                + ", " + aws + "]";
    }
}
