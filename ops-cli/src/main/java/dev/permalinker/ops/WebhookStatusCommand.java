package dev.permalinker.ops;

import dev.permalinker.cma.AdaptiveRateLimiter;
import dev.permalinker.cma.CmaAnswerException;
import dev.permalinker.cma.StackWebhooks;
import dev.permalinker.cma.Webhook;
import dev.permalinker.cma.WebhookExecution;
import dev.permalinker.cma.WebhookFinding;
import dev.permalinker.cma.WebhookHealth;
import dev.permalinker.model.DeploymentOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code webhook status}: every webhook of the stack(s), which of them deliver asset creations to this deployment,
 * what is wrong with those (disabled, unhealthy, manual retry policy, none at all), and the last executions with
 * their status codes, failed first. Exit 0 when every asset-creation webhook delivers, 1 when one is disabled or
 * unhealthy or none exists (or the CMA refused the reads), 2 on usage errors, 3 when the CMA is unreachable.
 */
@Command(name = "status", description = "The stack's webhooks: channels, destination, enabled, unhealthy, retry "
        + "policy, concise payload, branches, and the last executions with their status codes, failed first "
        + "(GET /v3/webhooks, GET /v3/webhooks/{uid}/executions). Watched: webhooks with the assets.create channel "
        + "whose destination is PUBLIC_WEBHOOK_URL (or --public-url, or the deployment's WebhookUrl output), or every "
        + "one with that channel when none is known. A watched webhook whose recent executions mostly fail is "
        + "FAILING even while Contentstack calls it healthy. Each attempt shows its time and its status code, or "
        + "the network error (ECONNRESET, ETIMEDOUT) and message, and the first line of the response body.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every asset-creation webhook delivers",
                "1:one is disabled or unhealthy, none exists, or the CMA refused the reads",
                "2:usage error or missing configuration",
                "3:the CMA is unreachable"})
final class WebhookStatusCommand implements Callable<Integer> {
    @ParentCommand
    WebhookCommand webhook;
    @Option(names = "--json", description = "one JSON document on standard output")
    boolean json;
    @Option(names = "--api-key", description = "one stack (default: every stack of CS_APIKEY)")
    String apiKey;
    @Option(names = "--public-url", description = "the URL Contentstack delivers to (default: PUBLIC_WEBHOOK_URL)")
    String publicUrl;
    @Option(names = "--executions", defaultValue = "5", description = "executions shown per webhook (default: 5)")
    int executions;

    @Override
    public Integer call() {
        OpsCli cli = webhook.cli;
        OpsConfig config = cli.config();
        if (executions < 0) {
            throw new OpsCli.MissingSetting("--executions must be 0 or more, was " + executions);
        }
        List<String> stacks = apiKey != null ? List.of(apiKey) : config.apiKeys();
        if (stacks.isEmpty()) {
            throw new OpsCli.MissingSetting("the stack is unknown: set CS_APIKEY or pass --api-key");
        }
        for (String stack : stacks) {
            if (config.tokens() == null || !config.tokens().has(stack)) {
                throw new OpsCli.MissingSetting("a management token for the stack " + stack + " is required to read "
                        + "its webhooks: set CS_MANAGEMENTTOKEN or CS_MANAGEMENTTOKENS");
            }
        }
        Optional<String> url = cli.optionalSetting(publicUrl, cli.env().get("PUBLIC_WEBHOOK_URL"),
                DeploymentOutput.WebhookUrl).filter(u -> !u.isBlank());
        StackWebhooks cma = StackWebhooks.create(cli.cmaBaseUrl(), config.tokens(), cli.json)
                .pacedBy(AdaptiveRateLimiter.create(Math.max(1, config.rateLimit())));
        WebhookStatus status = new WebhookStatus(cma, executions);
        List<WebhookStatus.StackReport> reports = new ArrayList<>();
        for (String stack : stacks) {
            try {
                reports.add(status.report(stack, url));
            } catch (CmaAnswerException e) {
                // The CMA's own words are in the message: shown, but never as terminal control sequences.
                cli.err.println("error: " + TerminalText.safe(e.getMessage()));
                return OpsCli.FAILED;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reach the CMA at " + cli.cmaBaseUrl(), e);
            }
        }
        boolean healthy = reports.stream().allMatch(r -> r.health().healthy());
        if (json) {
            cli.out.println(cli.json.write(document(reports, healthy)));
        } else {
            reports.forEach(report -> text(cli, report));
        }
        return healthy ? 0 : OpsCli.FAILED;
    }

    /**
     * The report for a person. Every string the CMA gave (names, uids, channels, destinations, retry policy,
     * branches, an execution's asset uid) passes {@link TerminalText#safe}: a webhook named with an escape sequence
     * prints as text, not as a command to the terminal.
     */
    private static void text(OpsCli cli, WebhookStatus.StackReport report) {
        WebhookHealth health = report.health();
        cli.out.printf("stack %s: %d webhook(s); watching those with assets.create delivering to %s%n",
                report.apiKey(), report.webhooks().size(), report.publicWebhookUrl().orElse("any destination"));
        for (Webhook webhook : report.webhooks()) {
            boolean watched = report.watched(webhook);
            List<WebhookFinding> findings = findings(health, webhook);
            String state = !watched ? "other" : findings.stream().anyMatch(WebhookFinding::failing) ? "FAILING"
                    : findings.isEmpty() ? "ok" : "warning";
            cli.out.printf("%n  [%s] %s (%s)%n", state, webhook.name().isBlank() ? "(no name)" : shown(webhook.name()),
                    shown(webhook.uid()));
            cli.out.printf("    channels     %s%n", shown(String.join(", ", webhook.channels())));
            cli.out.printf("    destination  %s%n", webhook.targetUrls().isEmpty() ? "(none)"
                    : shown(String.join(", ", webhook.targetUrls().stream().map(WebhookStatusCommand::redacted)
                            .toList())));
            cli.out.printf("    enabled %s, unhealthy %s, retry policy %s, concise payload %s, branches %s%n",
                    yesNo(!webhook.disabled()), yesNo(webhook.unhealthy()),
                    webhook.retryPolicy().isBlank() ? "(not given)" : shown(webhook.retryPolicy()),
                    webhook.concisePayload() ? "on" : "off",
                    webhook.branches().isEmpty() ? "(not given)" : shown(String.join(", ", webhook.branches())));
            if (!findings.isEmpty()) {
                cli.out.printf("    findings     %s%n", String.join(", ",
                        findings.stream().map(WebhookFinding::code).toList()));
            }
            List<WebhookExecution> executions = report.executions().getOrDefault(webhook.uid(), List.of());
            cli.out.printf("    last executions, failed first: %s%n", executions.isEmpty() ? "none" : "");
            for (WebhookExecution execution : executions) {
                cli.out.printf("      %-24s %-10s %s retr%s  asset %s%n",
                        execution.createdAt().map(Instant::toString).orElse("(no time)"),
                        shown(execution.statusShown()), execution.retryCount(),
                        execution.retryCount() == 1 ? "y" : "ies", shown(execution.assetUid().orElse("-")));
                for (WebhookExecution.Attempt attempt : execution.attempts()) {
                    cli.out.printf("        attempt %d  %-24s %s%n", attempt.retryNumber(),
                            attempt.at().map(Instant::toString).orElse("(no time)"), shown(attempt.outcome()));
                }
            }
        }
        cli.out.println();
        if (health.missing()) {
            cli.out.printf("verdict: FAILING: no webhook delivers asset creations%s: assets get a permanent URL only "
                    + "through the reconciler or a backfill. Create one (Settings > Webhooks, channel "
                    + "assets.create).%n", report.publicWebhookUrl().map(u -> " to " + u).orElse(""));
        } else if (!health.healthy()) {
            cli.out.printf("verdict: FAILING: %s. Fix the cause, then re-enable a disabled one in Contentstack "
                    + "(Settings > Webhooks); see the "
                    + "runbook \"Webhook disabled or unhealthy\".%n", String.join(", ", health.failing().stream()
                    .map(w -> "\"" + shown(w.name()) + "\" (" + shown(w.uid()) + ") " + failingWhy(health, w))
                    .toList()));
        } else {
            cli.out.printf("verdict: ok%s%n", health.findings().contains(WebhookFinding.MANUAL_RETRY)
                    ? " (warning: a manual retry policy loses every event whose one delivery fails; set it to "
                    + "automatic)" : "");
        }
    }

    /** Why a watched webhook does not deliver, in words: "is disabled and unhealthy", "mostly fails to deliver". */
    static String failingWhy(WebhookHealth health, Webhook webhook) {
        List<String> why = new ArrayList<>();
        if (webhook.disabled() || webhook.unhealthy()) {
            why.add("is " + (webhook.disabled() ? "disabled" : "") + (webhook.disabled() && webhook.unhealthy()
                    ? " and " : "") + (webhook.unhealthy() ? "unhealthy" : ""));
        }
        if (findings(health, webhook).contains(WebhookFinding.FAILING_DELIVERIES)) {
            why.add("mostly fails to deliver (its recent executions above; a 404 often means a destination with a "
                    + "final slash or an old path, and never disables the webhook)");
        }
        return String.join(" and ", why);
    }

    private static List<WebhookFinding> findings(WebhookHealth health, Webhook webhook) {
        return health.checks().stream().filter(c -> c.webhook() == webhook).findFirst()
                .map(WebhookHealth.Check::findings).orElse(List.of());
    }

    /**
     * A destination as printed: credentials written into the URL ({@code https://user:password@host/…}) and a query
     * or fragment become {@code ***}; scheme, host and path are what an operator compares with
     * {@code PUBLIC_WEBHOOK_URL}.
     */
    static String redacted(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int authorityEnd = url.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int at = url.indexOf(c, scheme + 3);
            if (at >= 0 && at < authorityEnd) {
                authorityEnd = at;
            }
        }
        int userInfoEnd = url.lastIndexOf('@', authorityEnd - 1);
        String shown = userInfoEnd > scheme ? url.substring(0, scheme + 3) + "***" + url.substring(userInfoEnd) : url;
        // A query or fragment can carry a token too (?token=…, a build hook's key): shown as there, never its value.
        int query = shown.indexOf('?', shown.indexOf("://") + 3);
        int fragment = shown.indexOf('#', shown.indexOf("://") + 3);
        int cut = query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
        return cut < 0 ? shown : shown.substring(0, cut + 1) + "***";
    }

    private static String shown(String fromTheCma) {
        return TerminalText.safe(fromTheCma);
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    private static Map<String, Object> document(List<WebhookStatus.StackReport> reports, boolean healthy) {
        List<Object> stacks = new ArrayList<>();
        for (WebhookStatus.StackReport report : reports) {
            List<Object> webhooks = new ArrayList<>();
            for (Webhook webhook : report.webhooks()) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("uid", webhook.uid());
                view.put("name", webhook.name());
                view.put("channels", webhook.channels());
                view.put("destinations", webhook.targetUrls().stream().map(WebhookStatusCommand::redacted).toList());
                view.put("enabled", !webhook.disabled());
                view.put("unhealthy", webhook.unhealthy());
                view.put("retryPolicy", webhook.retryPolicy());
                view.put("concisePayload", webhook.concisePayload());
                view.put("branches", webhook.branches());
                view.put("watched", report.watched(webhook));
                view.put("findings", findings(report.health(), webhook).stream().map(WebhookFinding::code).toList());
                List<Object> executions = new ArrayList<>();
                for (WebhookExecution execution : report.executions().getOrDefault(webhook.uid(), List.of())) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("uid", execution.uid());
                    e.put("createdAt", execution.createdAt().map(Instant::toString).orElse(null));
                    e.put("status", execution.status() == 0 ? null : execution.status());
                    e.put("statusShown", execution.statusShown());
                    e.put("succeeded", execution.succeeded());
                    e.put("retryCount", execution.retryCount());
                    e.put("assetUid", execution.assetUid().orElse(null));
                    e.put("attempts", execution.attempts().stream().map(a -> {
                        Map<String, Object> attempt = new LinkedHashMap<>();
                        attempt.put("retryNumber", a.retryNumber());
                        attempt.put("statusCode", a.statusCode() == 0 ? null : a.statusCode());
                        attempt.put("at", a.at().map(Instant::toString).orElse(null));
                        attempt.put("errorCode", a.errorCode().orElse(null));
                        attempt.put("message", a.message().orElse(null));
                        attempt.put("body", a.bodyLine().orElse(null));
                        attempt.put("outcome", a.outcome());
                        return attempt;
                    }).toList());
                    executions.add(e);
                }
                view.put("executions", executions);
                webhooks.add(view);
            }
            Map<String, Object> stack = new LinkedHashMap<>();
            stack.put("apiKey", report.apiKey());
            stack.put("publicWebhookUrl", report.publicWebhookUrl().orElse(null));
            stack.put("healthy", report.health().healthy());
            stack.put("findings", report.health().findings().stream().map(WebhookFinding::code).toList());
            stack.put("webhooks", webhooks);
            stacks.add(stack);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("healthy", healthy);
        document.put("stacks", stacks);
        return document;
    }
}
