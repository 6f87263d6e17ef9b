package dev.permalinker.ops;

import dev.permalinker.cma.AssetPages;
import dev.permalinker.cma.CmaAnswer;
import dev.permalinker.cma.CmaAnswerException;
import dev.permalinker.cma.CmaErrorCode;
import dev.permalinker.cma.CmaResponse;
import dev.permalinker.cma.ManagementTokens;
import dev.permalinker.cma.StackWebhooks;
import dev.permalinker.cma.Webhook;
import dev.permalinker.cma.WebhookExecution;
import dev.permalinker.cma.WebhookFinding;
import dev.permalinker.cma.WebhookHealth;
import dev.permalinker.model.Identifiers;
import dev.permalinker.model.Region;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Contentstack side of {@code permalinker-ops doctor}, read-only: the stack list against the tokens, each
 * stack's token and region (the one {@code GET /v3/webhooks} that the webhook checks need anyway), each reconciled
 * branch (one {@code GET /v3/assets?limit=1} with the {@code branch} header), and each webhook delivering
 * {@code assets.create} here, judged by cma-client's {@link WebhookHealth} plus the settings a go-live needs
 * (channels, branches, notifiers). Nothing is written: a token's write access is reported as unknown, because a
 * management token cannot read its own scope (that takes the organisation's authtoken) and the only other proof is a
 * write.
 */
final class Doctor {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final StackWebhooks webhooks;
    private final AssetPages assets;
    private final Region region;
    private final URI cmaBaseUrl;

    Doctor(StackWebhooks webhooks, AssetPages assets, Region region, URI cmaBaseUrl) {
        this.webhooks = webhooks;
        this.assets = assets;
        this.region = region;
        this.cmaBaseUrl = cmaBaseUrl;
    }

    /** CS_APIKEY and the management tokens name the same stacks. */
    static List<DoctorCheck> stacks(List<String> apiKeys, ManagementTokens tokens) {
        List<DoctorCheck> checks = new ArrayList<>();
        if (apiKeys.isEmpty()) {
            checks.add(DoctorCheck.fix("stacks", "CS_APIKEY is empty", "set CS_APIKEY to the stack API key(s), "
                    + "comma-separated, as the deployment has them"));
            return checks;
        }
        List<String> untokened = tokens == null ? apiKeys : tokens.missing(apiKeys);
        Set<String> extra = new TreeSet<>(tokens == null ? Set.of() : tokens.stacks());
        extra.removeAll(apiKeys);
        if (!untokened.isEmpty()) {
            checks.add(DoctorCheck.fix("stacks", "no management token for " + String.join(", ", untokened),
                    "set CS_MANAGEMENTTOKEN (one stack) or CS_MANAGEMENTTOKENS (apiKey=token pairs) for every stack "
                            + "of CS_APIKEY"));
        }
        if (!extra.isEmpty()) {
            checks.add(DoctorCheck.fix("stacks", "CS_MANAGEMENTTOKENS names " + String.join(", ", extra)
                            + ", which CS_APIKEY does not list: its webhooks are refused as another stack's",
                    "add " + String.join(", ", extra) + " to CS_APIKEY, or remove its token"));
        }
        if (checks.isEmpty()) {
            checks.add(DoctorCheck.ok("stacks", apiKeys.size() + " stack(s), each with a management token: "
                    + String.join(", ", apiKeys)));
        }
        return checks;
    }

    /**
     * One stack: token and region, write access (unknown), branches, and its asset-creation webhooks.
     *
     * @param webhookUrl where this deployment receives webhooks, when known
     */
    List<DoctorCheck> stack(String apiKey, List<String> branches, Optional<String> webhookUrl) {
        List<DoctorCheck> checks = new ArrayList<>();
        List<Webhook> listed;
        try {
            listed = webhooks.list(apiKey, TIMEOUT);
            checks.add(DoctorCheck.ok("token " + apiKey, "valid, stack found in CS_REGION " + region.configName()
                    + " (" + cmaBaseUrl.getHost() + "): GET /v3/webhooks answered"));
        } catch (CmaAnswerException e) {
            checks.add(refusedToken(apiKey, e));
            checks.add(DoctorCheck.unknown("webhooks " + apiKey, "not checked: the webhook list could not be read",
                    "fix the token first"));
            return checks;
        } catch (IOException e) {
            checks.add(DoctorCheck.fix("token " + apiKey, "cannot reach the CMA at " + cmaBaseUrl + ": "
                    + reason(e), "check CS_REGION (or CS_CMA_URL) and this machine's network"));
            return checks;
        }
        checks.add(DoctorCheck.unknown("write access " + apiKey, "cannot tell without writing: a management token "
                + "cannot read its own scope", "make sure the token was created with write access to assets "
                + "(Settings > Tokens > Management Tokens); the first permanent URL the worker sets proves it"));
        for (String branch : branches) {
            checks.add(branch(apiKey, branch));
        }
        checks.addAll(webhookChecks(apiKey, listed, branches, webhookUrl));
        return checks;
    }

    private DoctorCheck refusedToken(String apiKey, CmaAnswerException e) {
        String check = "token " + apiKey;
        if (e.status() == 412 && e.errorCode().orElse(0) == CmaErrorCode.API_KEY_OR_REGION) {
            return DoctorCheck.fix(check, "412 error_code 109 from " + cmaBaseUrl.getHost() + ": a wrong API key, or "
                    + "the stack is not in CS_REGION " + region.configName(), "check the API key and set CS_REGION to "
                    + "the stack's region (na, eu, azure-na, azure-eu, gcp-na)");
        }
        if (e.status() == 401 || e.errorCode().orElse(0) == CmaErrorCode.NOT_LOGGED_IN) {
            return DoctorCheck.fix(check, "the management token was refused (" + e.status() + ")", "create a "
                    + "management token for this stack (Settings > Tokens) and set CS_MANAGEMENTTOKEN(S)");
        }
        return DoctorCheck.fix(check, "the CMA refused GET /v3/webhooks: " + e.getMessage(), "check the token's "
                + "stack and scope");
    }

    private DoctorCheck branch(String apiKey, String branch) {
        String check = "branch " + apiKey + "/" + branch;
        try {
            CmaResponse page = assets.page(apiKey, branch, 0, 1, TIMEOUT);
            if (page.isSuccess()) {
                return DoctorCheck.ok(check, "readable (GET /v3/assets answered " + page.status() + ")");
            }
            CmaAnswer answer = page.answer();
            return DoctorCheck.fix(check, "GET /v3/assets refused: " + answer.status()
                            + answer.errorCode().stream().mapToObj(c -> " error_code " + c).findFirst().orElse(""),
                    "check RECONCILE_BRANCHES against the stack's branches and the token's branch scope");
        } catch (IOException e) {
            return DoctorCheck.fix(check, "cannot read: " + reason(e), "check the network and CS_CMA_URL");
        }
    }

    private List<DoctorCheck> webhookChecks(String apiKey, List<Webhook> listed, List<String> branches,
                                            Optional<String> webhookUrl) {
        List<DoctorCheck> checks = new ArrayList<>();
        if (webhookUrl.isEmpty()) {
            checks.add(DoctorCheck.unknown("webhook destination " + apiKey, "this deployment's webhook URL is "
                    + "unknown, so every assets.create webhook is checked", "pass --stack (its WebhookUrl output), "
                    + "--public-url, or set PUBLIC_WEBHOOK_URL"));
        }
        Map<String, List<WebhookExecution>> executions = new LinkedHashMap<>();
        for (WebhookHealth.Check watched : WebhookHealth.evaluate(listed, webhookUrl).checks()) {
            String uid = watched.webhook().uid();
            if (Identifiers.isSafe(uid)) {
                try {
                    executions.put(uid, webhooks.executions(apiKey, uid, Optional.empty(), Optional.empty(),
                            TIMEOUT));
                } catch (IOException e) {
                    checks.add(DoctorCheck.unknown("webhook \"" + watched.webhook().name() + "\": deliveries",
                            "its executions could not be read: " + reason(e), "try again; webhook status shows them"));
                }
            }
        }
        WebhookHealth health = WebhookHealth.evaluate(listed, webhookUrl, executions);
        if (health.missing()) {
            List<String> elsewhere = listed.stream().filter(Webhook::deliversAssetCreations)
                    .map(w -> "\"" + w.name() + "\" delivers to " + String.join(", ", w.targetUrls().stream()
                            .map(WebhookStatusCommand::redacted).toList())).toList();
            checks.add(DoctorCheck.fix("webhook " + apiKey, "no webhook delivers assets.create"
                    + webhookUrl.map(u -> " to " + u).orElse("") + (elsewhere.isEmpty() ? ""
                    : " (" + String.join("; ", elsewhere) + ")"), "point the webhook's URL to Notify at "
                    + webhookUrl.orElse("the deployment's WebhookUrl") + ", or create one with the channel "
                    + "assets.create (Settings > Webhooks)"));
            return checks;
        }
        for (WebhookHealth.Check watched : health.checks()) {
            checks.addAll(webhook(watched, branches, executions.getOrDefault(watched.webhook().uid(), List.of()),
                    webhookUrl));
        }
        return checks;
    }

    private static List<DoctorCheck> webhook(WebhookHealth.Check watched, List<String> branches,
                                             List<WebhookExecution> executions, Optional<String> webhookUrl) {
        Webhook webhook = watched.webhook();
        String name = "webhook \"" + webhook.name() + "\": ";
        List<DoctorCheck> checks = new ArrayList<>();
        checks.add(webhookUrl.isPresent()
                ? DoctorCheck.ok(name + "destination", "delivers to this deployment (" + webhookUrl.get() + ")")
                : DoctorCheck.ok(name + "destination", "delivers to " + String.join(", ",
                        webhook.targetUrls().stream().map(WebhookStatusCommand::redacted).toList())));
        checks.add(webhook.channels().contains(Webhook.ALL_CHANNELS)
                ? DoctorCheck.fix(name + "channels", "subscribed to $all: every event of the stack is sent here and "
                        + "spends the organisation's webhook budget", "subscribe it to assets.create only")
                : DoctorCheck.ok(name + "channels", String.join(", ", webhook.channels())));
        checks.add(webhook.retriesAutomatically()
                ? DoctorCheck.ok(name + "retry policy", "automatic")
                : DoctorCheck.fix(name + "retry policy", "retry_policy " + (webhook.retryPolicy().isBlank()
                        ? "not given" : webhook.retryPolicy()) + ": an event whose one delivery fails is gone",
                        "set its Retry Policy to automatic"));
        List<String> covered = webhook.branches().isEmpty() ? List.of(Identifiers.DEFAULT_BRANCH) : webhook.branches();
        List<String> uncovered = branches.stream().filter(b -> !covered.contains(b)).toList();
        checks.add(uncovered.isEmpty()
                ? DoctorCheck.ok(name + "branches", "fires for " + String.join(", ", covered))
                : DoctorCheck.fix(name + "branches", "fires for " + String.join(", ", covered) + ", not for "
                        + String.join(", ", uncovered) + " (RECONCILE_BRANCHES)", "add " + String.join(", ", uncovered)
                        + " to the webhook's branches, or remove them from RECONCILE_BRANCHES"));
        checks.add(delivering(name, webhook, watched, executions));
        checks.add(webhook.notifiers().isEmpty()
                ? DoctorCheck.fix(name + "emails to notify", "none: when the circuit breaker disables it, nobody is "
                        + "told", "set Email Addresses to Notify on the webhook")
                : DoctorCheck.ok(name + "emails to notify", String.join(", ", webhook.notifiers())));
        checks.add(DoctorCheck.ok(name + "payload", webhook.concisePayload()
                ? "concise: the ingest takes it; the worker reads each asset once for its file name and URL"
                : "full: the ingest takes the asset's file name and URL from it"));
        return checks;
    }

    private static DoctorCheck delivering(String name, Webhook webhook, WebhookHealth.Check watched,
                                          List<WebhookExecution> executions) {
        if (webhook.disabled() || webhook.unhealthy()) {
            return DoctorCheck.fix(name + "enabled and healthy", (webhook.disabled() ? "disabled" : "enabled")
                    + (webhook.unhealthy() ? ", marked unhealthy by the circuit breaker" : ""), "fix what failed "
                    + "(webhook status shows its executions), then enable it again (Settings > Webhooks)");
        }
        if (watched.findings().contains(WebhookFinding.FAILING_DELIVERIES)) {
            List<WebhookExecution> recent = executions.stream().sorted(WebhookExecution.FAILED_FIRST)
                    .limit(WebhookHealth.RECENT_EXECUTIONS).toList();
            long failed = recent.stream().filter(e -> !e.succeeded()).count();
            String last = recent.stream().filter(e -> !e.succeeded()).findFirst()
                    .map(e -> e.attempts().isEmpty() ? e.statusShown()
                            : e.attempts().get(e.attempts().size() - 1).outcome()).orElse("unknown");
            return DoctorCheck.fix(name + "enabled and healthy", "enabled, but " + failed + " of its "
                    + recent.size() + " recent executions failed (" + last + "); Contentstack still calls it healthy",
                    "a 404 usually means a destination with a final slash or an old path: make it exactly the "
                            + "deployment's WebhookUrl; webhook status shows each attempt");
        }
        return DoctorCheck.ok(name + "enabled and healthy", executions.isEmpty() ? "enabled, no recent executions"
                : "enabled, recent executions delivered");
    }

    /** The signing key the certificate method verifies with, fetched as the ingest fetches it (read-only GET). */
    static DoctorCheck signingKey(HttpClient http, URI keyUrl) {
        String check = "signing key";
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(keyUrl).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (answer.statusCode() == 200 && answer.body().contains("PUBLIC KEY")) {
                return DoctorCheck.ok(check, "fetched from " + keyUrl);
            }
            return DoctorCheck.fix(check, keyUrl + " answered " + answer.statusCode() + " without a public key",
                    "check CS_REGION (the key is on the region's app host) or CS_SIGNING_KEY_URL");
        } catch (IOException e) {
            return DoctorCheck.fix(check, "cannot fetch " + keyUrl + ": " + reason(e), "the ingest needs outbound "
                    + "HTTPS to the region's app host (NAT or egress rule), or set CS_SIGNING_PUBLIC_KEY");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DoctorCheck.unknown(check, "interrupted", "");
        }
    }

    static String reason(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message);
    }
}
