package dev.permalinker.ops;

import dev.permalinker.cma.AdaptiveRateLimiter;
import dev.permalinker.cma.AssetPages;
import dev.permalinker.cma.StackWebhooks;
import dev.permalinker.model.DeploymentOutput;
import dev.permalinker.model.EnvReader;
import dev.permalinker.model.Identifiers;
import dev.permalinker.ops.deploy.DeploymentFactsException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code doctor}: every check a go-live needs, read-only, each a one-line verdict and its fix. Contentstack's side
 * ({@link Doctor}): stacks and tokens, token and region, write access (unknown: it cannot be read without writing),
 * branches, and the asset-creation webhooks (destination, channels, retry policy, branches, enabled and delivering,
 * emails to notify, payload). The deployment's side: the webhook's authentication (the signing key fetched, or the
 * HMAC or header secret configured), the job queue and its dead-letter queue with the redrive policy between them,
 * and the reconciler's schedule. Nothing is written anywhere.
 */
@Command(name = "doctor", description = "Read-only go-live checks, each a one-line verdict and the fix: stacks and "
        + "tokens, token region, write access (cannot be told without writing: reported as unknown), branches, the "
        + "assets.create webhook(s) (destination, channels, retry policy, branches, enabled and delivering, emails "
        + "to notify, payload), the signing key or webhook secret, the queues and their redrive policy, and the "
        + "reconciler's schedule. Facts come from --stack (or --data-dir) as for every command.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every check passed (unknown ones are said)", "1:something to fix",
                "2:usage error"})
final class DoctorCommand implements Callable<Integer> {
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);
    private static final List<String> SCHEDULE_TYPES = List.of("AWS::Events::Rule", "AWS::Scheduler::Schedule");

    @ParentCommand
    OpsCli cli;
    @Option(names = "--json", description = "one JSON document on standard output")
    boolean json;
    @Option(names = "--public-url", paramLabel = "<url>", description = "the URL Contentstack delivers to "
            + "(default: PUBLIC_WEBHOOK_URL, else the deployment's WebhookUrl output)")
    String publicUrl;

    @Override
    public Integer call() {
        OpsConfig config = cli.config();
        List<DoctorCheck> checks = new ArrayList<>(Doctor.stacks(config.apiKeys(), config.tokens()));
        Optional<String> webhookUrl = cli.optionalSetting(publicUrl, cli.env().get("PUBLIC_WEBHOOK_URL"),
                DeploymentOutput.WebhookUrl).filter(u -> !u.isBlank());
        URI cmaBaseUrl = config.cma().cmaUrl() != null ? config.cma().cmaUrl() : cli.optionalSetting(null, null,
                DeploymentOutput.CmaBaseUrl).map(URI::create).orElse(config.region().cmaBaseUrl());
        List<String> branches = new EnvReader(cli.env()).list("RECONCILE_BRANCHES");
        if (branches.isEmpty()) {
            branches = List.of(Identifiers.DEFAULT_BRANCH);
        }
        if (config.tokens() != null) {
            StackWebhooks webhooks = StackWebhooks.create(cmaBaseUrl, config.tokens(), cli.json)
                    .pacedBy(AdaptiveRateLimiter.create(Math.max(1, config.rateLimit())));
            Doctor doctor = new Doctor(webhooks, new AssetPages(cmaBaseUrl, config.tokens(), cli.json),
                    config.region(), cmaBaseUrl);
            for (String apiKey : config.apiKeys()) {
                if (config.tokens().has(apiKey) && Identifiers.isSafe(apiKey)) {
                    checks.addAll(doctor.stack(apiKey, branches, webhookUrl));
                }
            }
        }
        checks.add(authentication(config));
        checks.addAll(queues());
        checks.add(schedule());
        boolean healthy = checks.stream().noneMatch(c -> c.verdict() == DoctorCheck.Verdict.FIX);
        if (json) {
            cli.out.println(cli.json.write(document(checks, healthy)));
        } else {
            print(checks, healthy);
        }
        return healthy ? 0 : OpsCli.FAILED;
    }

    /** How the ingest authenticates Contentstack's webhooks, as CS_SIGNATURE_METHOD configures it. */
    private DoctorCheck authentication(OpsConfig config) {
        String method = cli.env().getOrDefault("CS_SIGNATURE_METHOD", "certificate").trim().toLowerCase(Locale.ROOT);
        switch (method) {
            case "certificate" -> {
                if (present("CS_SIGNING_PUBLIC_KEY")) {
                    return DoctorCheck.ok("signing key", "CS_SIGNING_PUBLIC_KEY is configured (nothing fetched)");
                }
                URI keyUrl = present("CS_SIGNING_KEY_URL") ? URI.create(cli.env().get("CS_SIGNING_KEY_URL").trim())
                        : config.region().signingKeyUrl();
                HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NEVER).build();
                return Doctor.signingKey(http, keyUrl);
            }
            case "hmac" -> {
                boolean configured = present("CS_HMAC_SECRETS") || present("CS_HMAC_SECRETS_SECRET_ARN")
                        || cli.optionalSetting(null, null, DeploymentOutput.HmacSigningKeysSecretArn).isPresent();
                return configured ? DoctorCheck.ok("webhook secret", "HMAC signing key(s) configured")
                        : DoctorCheck.fix("webhook secret", "CS_SIGNATURE_METHOD=hmac without a signing key",
                                "set CS_HMAC_SECRETS (or the stack's HMAC secret) to the webhook's HMAC key");
            }
            case "none" -> {
                boolean configured = present("CS_SECRET") || present("CS_BASIC_AUTH") || present("CS_BEARER_TOKEN")
                        || cli.optionalSetting(null, null, DeploymentOutput.WebhookSecretArn).isPresent();
                return configured ? DoctorCheck.ok("webhook secret", "a header secret or credentials are configured")
                        : DoctorCheck.fix("webhook secret", "CS_SIGNATURE_METHOD=none and no secret",
                                "set CS_SECRET (the webhook's custom header) or use the certificate method");
            }
            default -> {
                return DoctorCheck.fix("signing key", "CS_SIGNATURE_METHOD=" + method + " is not a method",
                        "use certificate (default), hmac or none");
            }
        }
    }

    /** The job queue and its DLQ: reachable, and the queue's redrive policy names that DLQ. */
    private List<DoctorCheck> queues() {
        Optional<String> queue = cli.optionalSetting(cli.queueUrl, cli.config().queueUrl(), DeploymentOutput.QueueUrl);
        Optional<String> dlq = cli.optionalSetting(cli.dlqUrl, cli.config().dlqUrl(),
                DeploymentOutput.DeadLetterQueueUrl);
        if (queue.isEmpty() || dlq.isEmpty()) {
            return List.of(DoctorCheck.fix("queues", "the " + (queue.isEmpty() ? "job queue" : "dead-letter queue")
                    + " is unknown", "pass --stack (the stack's QueueUrl and DeadLetterQueueUrl outputs), --data-dir "
                    + "for serve, or set QUEUE_URL and DLQ_URL"));
        }
        try (SqsClient sqs = cli.sqs()) {
            Map<QueueAttributeName, String> jobs = sqs.getQueueAttributes(r -> r.queueUrl(queue.get())
                    .attributeNames(QueueAttributeName.QUEUE_ARN, QueueAttributeName.REDRIVE_POLICY)).attributes();
            Map<QueueAttributeName, String> dead = sqs.getQueueAttributes(r -> r.queueUrl(dlq.get())
                    .attributeNames(QueueAttributeName.QUEUE_ARN, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes();
            String redrive = jobs.get(QueueAttributeName.REDRIVE_POLICY);
            String dlqArn = dead.getOrDefault(QueueAttributeName.QUEUE_ARN, "");
            String held = dead.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "?");
            if (redrive == null || redrive.isBlank()) {
                return List.of(DoctorCheck.fix("queues", OpsCli.name(queue.get()) + " has no redrive policy: a "
                        + "message that keeps failing is retried forever", "deploy the stack's queue (it sets the "
                        + "redrive policy to " + OpsCli.name(dlq.get()) + ")"));
            }
            String target = cli.json.readTree(redrive.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .path("deadLetterTargetArn").asText("");
            if (!target.equals(dlqArn)) {
                return List.of(DoctorCheck.fix("queues", OpsCli.name(queue.get()) + " dead-letters to " + target
                        + ", not to " + OpsCli.name(dlq.get()), "set DLQ_URL to the queue's dead-letter queue, or fix "
                        + "the redrive policy"));
            }
            return List.of(DoctorCheck.ok("queues", OpsCli.name(queue.get()) + " dead-letters to "
                    + OpsCli.name(dlq.get()) + " (redrive policy " + redrive + "); the DLQ holds " + held
                    + " message(s)"));
        } catch (SdkException | java.io.IOException e) {
            return List.of(DoctorCheck.fix("queues", "cannot read the queues: " + Doctor.reason(e), "check the "
                    + "region, credentials (sqs:GetQueueAttributes) and the queue URLs"));
        } catch (DeploymentFactsException | OpsCli.MissingSetting e) {
            return List.of(DoctorCheck.fix("queues", e.getMessage(), "pass --region or set AWS_REGION"));
        }
    }

    /** The reconciler's schedule: serve runs it in-process; on AWS, a rule or schedule in the stack. */
    private DoctorCheck schedule() {
        if (cli.deployments().local()) {
            return DoctorCheck.ok("reconciler schedule", "serve runs the reconciler itself (local deployment)");
        }
        String stack = cli.deployments().stackName();
        try {
            for (String type : SCHEDULE_TYPES) {
                List<String> found = cli.deployments().stackOutputs().physicalIds(stack, type);
                if (!found.isEmpty()) {
                    return DoctorCheck.ok("reconciler schedule", type + " " + String.join(", ", found)
                            + " in stack " + stack);
                }
            }
            return DoctorCheck.fix("reconciler schedule", "stack " + stack + " has no schedule: the safety net "
                    + "never runs", "deploy the stack with the reconciler (infra-cdk's Reconciliation)");
        } catch (DeploymentFactsException e) {
            return DoctorCheck.unknown("reconciler schedule", e.getMessage(), "pass --stack and --region");
        }
    }

    private boolean present(String variable) {
        String value = cli.env().get(variable);
        return value != null && !value.isBlank();
    }

    private void print(List<DoctorCheck> checks, boolean healthy) {
        for (DoctorCheck check : checks) {
            String mark = switch (check.verdict()) {
                case OK -> "[ok]     ";
                case FIX -> "[FIX]    ";
                case UNKNOWN -> "[unknown]";
            };
            cli.out.println(mark + " " + check.check() + ": " + check.found());
            if (!check.fix().isBlank()) {
                cli.out.println("          fix: " + check.fix());
            }
        }
        long toFix = checks.stream().filter(c -> c.verdict() == DoctorCheck.Verdict.FIX).count();
        cli.out.println();
        cli.out.println(healthy ? "verdict: ready to go live" : "verdict: " + toFix + " thing(s) to fix");
    }

    private static Map<String, Object> document(List<DoctorCheck> checks, boolean healthy) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("healthy", healthy);
        document.put("checks", checks.stream().map(check -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("check", check.check());
            view.put("verdict", check.verdict().code());
            view.put("found", check.found());
            view.put("fix", check.fix().isBlank() ? null : check.fix());
            return view;
        }).toList());
        return document;
    }
}
