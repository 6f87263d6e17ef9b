package dev.permalinker.cma;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one evaluation of a stack's webhooks, shared by the reconciler's check and {@code permalinker-ops webhook
 * status}: which webhooks deliver asset creations to this deployment, and what is wrong with each.
 *
 * <p>Watched: every webhook with the {@code assets.create} channel whose destination is {@code PUBLIC_WEBHOOK_URL}
 * when that is given, else every webhook with that channel. Each is checked for {@code disabled},
 * {@code unhealthy.state} (Contentstack's circuit breaker, "Webhook Circuit Breaker") and a {@code retry_policy}
 * other than {@code automatic} ("Webhook Retry Policy"), and, when its recent executions are given, for deliveries
 * that mostly fail ({@link WebhookFinding#FAILING_DELIVERIES}); none watched is {@link WebhookFinding#MISSING}.
 *
 * @param checks  one per watched webhook, in the order the CMA listed them
 * @param missing no webhook delivers asset creations to this deployment
 */
public record WebhookHealth(List<Check> checks, boolean missing) {

    /**
     * One watched webhook and its findings (empty: healthy).
     */
    public record Check(Webhook webhook, List<WebhookFinding> findings) {
        public Check {
            findings = List.copyOf(findings);
        }

        /** No failing finding: it delivers (a manual retry policy is a warning, not a failure). */
        public boolean healthy() {
            return findings.stream().noneMatch(WebhookFinding::failing);
        }
    }

    public WebhookHealth {
        checks = List.copyOf(checks);
    }

    /**
     * Evaluates {@code webhooks} (all of a stack's, as listed) for the deployment reached at {@code publicWebhookUrl}
     * ({@code PUBLIC_WEBHOOK_URL}; empty: every asset-creation webhook counts).
     */
    public static WebhookHealth evaluate(List<Webhook> webhooks, Optional<String> publicWebhookUrl) {
        return evaluate(webhooks, publicWebhookUrl, Map.of());
    }

    /**
     * The same, with each webhook's recent executions by webhook uid (a webhook without an entry is judged on its
     * flags alone).
     */
    public static WebhookHealth evaluate(List<Webhook> webhooks, Optional<String> publicWebhookUrl,
                                         Map<String, List<WebhookExecution>> recentExecutions) {
        List<Check> checks = new ArrayList<>();
        for (Webhook webhook : webhooks) {
            if (!webhook.deliversAssetCreations()) {
                continue;
            }
            if (publicWebhookUrl.isPresent() && !webhook.deliversTo(publicWebhookUrl.get())) {
                continue;
            }
            List<WebhookFinding> findings = new ArrayList<>();
            if (webhook.disabled()) {
                findings.add(WebhookFinding.DISABLED);
            }
            if (webhook.unhealthy()) {
                findings.add(WebhookFinding.UNHEALTHY);
            }
            if (!webhook.retriesAutomatically()) {
                findings.add(WebhookFinding.MANUAL_RETRY);
            }
            if (mostlyFailing(recentExecutions.getOrDefault(webhook.uid(), List.of()))) {
                findings.add(WebhookFinding.FAILING_DELIVERIES);
            }
            checks.add(new Check(webhook, findings));
        }
        return new WebhookHealth(checks, checks.isEmpty());
    }

    /** How many of a webhook's newest executions {@link #mostlyFailing} weighs. */
    public static final int RECENT_EXECUTIONS = 10;

    /**
     * Whether the newest execution was not delivered and neither were more than half of the newest
     * {@value #RECENT_EXECUTIONS} (status not 2xx, unknown included). An execution's status is its last attempt's, so a
     * delivery that a retry saved counts as delivered; one failed execution is a lost event, so a webhook with a single
     * failed execution is failing too. The newest must have failed as well: once a fix works (a corrected URL, a
     * webhook enabled again after an outage) the next delivery clears the finding instead of six more.
     */
    public static boolean mostlyFailing(List<WebhookExecution> executions) {
        List<WebhookExecution> recent = executions.stream()
                .sorted(Comparator.comparing((WebhookExecution e) -> e.createdAt().orElse(Instant.EPOCH)).reversed())
                .limit(RECENT_EXECUTIONS).toList();
        long failed = recent.stream().filter(e -> !e.succeeded()).count();
        return !recent.isEmpty() && !recent.get(0).succeeded() && failed * 2 > recent.size();
    }

    /** Every asset-creation webhook delivers, and there is at least one. */
    public boolean healthy() {
        return !missing && checks.stream().allMatch(Check::healthy);
    }

    /** Every finding, each once, in {@link WebhookFinding} order ({@code missing} when nothing is watched). */
    public List<WebhookFinding> findings() {
        List<WebhookFinding> all = new ArrayList<>();
        for (WebhookFinding finding : WebhookFinding.values()) {
            boolean found = finding == WebhookFinding.MISSING ? missing
                    : checks.stream().anyMatch(c -> c.findings().contains(finding));
            if (found) {
                all.add(finding);
            }
        }
        return all;
    }

    /** The watched webhooks that do not deliver now (disabled, unhealthy, or their deliveries mostly fail). */
    public List<Webhook> failing() {
        return checks.stream().filter(c -> !c.healthy()).map(Check::webhook).toList();
    }

    /** A URL for comparison: trimmed, scheme and host lower case, the default port and a final slash dropped. */
    static String normalizedUrl(String url) {
        String trimmed = url == null ? "" : url.trim();
        try {
            URI uri = URI.create(trimmed);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return stripSlash(trimmed);
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443)
                    || (scheme.equals("http") && port == 80);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port)
                    + stripSlash(path) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } catch (IllegalArgumentException e) {
            return stripSlash(trimmed);
        }
    }

    private static String stripSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
