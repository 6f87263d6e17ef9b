package dev.permalinker.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A webhook as a person configures it in Contentstack (Settings &gt; Webhooks), or as {@code POST /v3/webhooks}
 * creates it: what it listens to, where it delivers, and how. The field names follow the CMA's {@code webhook}
 * object (https://www.contentstack.com/docs/developers/apis/content-management-api#webhooks).
 *
 * @param channels          e.g. {@code assets.create}
 * @param branches          the branches whose events it delivers ({@code main} when none are given)
 * @param retryPolicy       {@code automatic} (retried after 5, 25, 125, 625 s) or {@code manual} (never on its own)
 * @param customHeaders     {@code custom_header}: sent with every delivery (a shared secret, typically)
 * @param basicAuthUser     {@code http_basic_auth}; empty for none
 * @param basicAuthPassword {@code http_basic_password}; never shown by the read routes
 * @param notifiers         {@code notifiers}: the emails told when the circuit breaker disables it (none by default)
 */
public record WebhookSpec(String name, String targetUrl, List<String> channels, List<String> branches,
                          String retryPolicy, boolean concisePayload, boolean disabled,
                          Map<String, String> customHeaders, String basicAuthUser, String basicAuthPassword,
                          List<String> notifiers) {
    public static final String AUTOMATIC = "automatic";
    public static final String MANUAL = "manual";
    public static final String ASSETS_CREATE = "assets.create";

    public WebhookSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(targetUrl, "targetUrl");
        channels = List.copyOf(channels);
        branches = branches == null || branches.isEmpty() ? List.of("main") : List.copyOf(branches);
        retryPolicy = retryPolicy == null ? AUTOMATIC : retryPolicy;
        customHeaders = Map.copyOf(customHeaders == null ? Map.of() : customHeaders);
        basicAuthUser = basicAuthUser == null ? "" : basicAuthUser;
        basicAuthPassword = basicAuthPassword == null ? "" : basicAuthPassword;
        notifiers = notifiers == null ? List.of() : List.copyOf(notifiers);
    }

    public WebhookSpec(String name, String targetUrl, List<String> channels, List<String> branches,
                       String retryPolicy, boolean concisePayload, boolean disabled,
                       Map<String, String> customHeaders, String basicAuthUser, String basicAuthPassword) {
        this(name, targetUrl, channels, branches, retryPolicy, concisePayload, disabled, customHeaders, basicAuthUser,
                basicAuthPassword, List.of());
    }

    /** An enabled webhook delivering {@code assets.create} of {@code main} to {@code targetUrl}, retried on its own. */
    public static WebhookSpec assetCreations(String name, String targetUrl) {
        return new WebhookSpec(name, targetUrl, List.of(ASSETS_CREATE), List.of("main"), AUTOMATIC, false, false,
                Map.of(), "", "");
    }

    public WebhookSpec withChannels(String... newChannels) {
        return new WebhookSpec(name, targetUrl, List.of(newChannels), branches, retryPolicy, concisePayload, disabled,
                customHeaders, basicAuthUser, basicAuthPassword, notifiers);
    }

    public WebhookSpec withBranches(String... newBranches) {
        return new WebhookSpec(name, targetUrl, channels, List.of(newBranches), retryPolicy, concisePayload, disabled,
                customHeaders, basicAuthUser, basicAuthPassword, notifiers);
    }

    public WebhookSpec withRetryPolicy(String policy) {
        return new WebhookSpec(name, targetUrl, channels, branches, policy, concisePayload, disabled, customHeaders,
                basicAuthUser, basicAuthPassword, notifiers);
    }

    public WebhookSpec withConcisePayload(boolean concise) {
        return new WebhookSpec(name, targetUrl, channels, branches, retryPolicy, concise, disabled, customHeaders,
                basicAuthUser, basicAuthPassword, notifiers);
    }

    public WebhookSpec withDisabled(boolean isDisabled) {
        return new WebhookSpec(name, targetUrl, channels, branches, retryPolicy, concisePayload, isDisabled,
                customHeaders, basicAuthUser, basicAuthPassword, notifiers);
    }

    public WebhookSpec withCustomHeader(String header, String value) {
        Map<String, String> headers = new LinkedHashMap<>(customHeaders);
        headers.put(header, value);
        return new WebhookSpec(name, targetUrl, channels, branches, retryPolicy, concisePayload, disabled, headers,
                basicAuthUser, basicAuthPassword, notifiers);
    }

    public WebhookSpec withBasicAuth(String user, String password) {
        return new WebhookSpec(name, targetUrl, channels, branches, retryPolicy, concisePayload, disabled,
                customHeaders, user, password, notifiers);
    }

    public WebhookSpec withTargetUrl(String url) {
        return new WebhookSpec(name, url, channels, branches, retryPolicy, concisePayload, disabled, customHeaders,
                basicAuthUser, basicAuthPassword, notifiers);
    }

    public WebhookSpec withNotifiers(String... emails) {
        return new WebhookSpec(name, targetUrl, channels, branches, retryPolicy, concisePayload, disabled,
                customHeaders, basicAuthUser, basicAuthPassword, List.of(emails));
    }

    @Override
    public String toString() {
        return "WebhookSpec[" + name + " -> " + targetUrl + ", " + channels + ", " + retryPolicy
                + (disabled ? ", disabled" : "") + "]";
    }
}
