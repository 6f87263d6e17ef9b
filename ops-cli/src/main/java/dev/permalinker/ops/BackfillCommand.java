package dev.permalinker.ops;

import dev.permalinker.cma.AssetPages;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code backfill}: a job for every asset of a stack that has no permanent URL yet. */
@Command(name = "backfill", description = "Enqueue a job for every asset of the stack that has no permanent URL "
        + "(paged through GET /v3/assets within the CMA's rate limit).")
final class BackfillCommand implements Callable<Integer> {
    @ParentCommand
    OpsCli cli;
    @Option(names = "--since", description = "only assets created on or after this date (2026-11-01) or instant")
    String since;
    @Option(names = "--dry-run", description = "count what would be enqueued; enqueue nothing")
    boolean dryRun;
    @Option(names = "--api-key", description = "the stack (default: the first of CS_APIKEY)")
    String apiKey;

    @Override
    public Integer call() {
        OpsConfig config = cli.config();
        String stack = apiKey != null ? apiKey : config.apiKeys().isEmpty() ? null : config.apiKeys().get(0);
        if (stack == null) {
            throw new OpsCli.MissingSetting("the stack is unknown: set CS_APIKEY or pass --api-key");
        }
        if (config.tokens() == null || !config.tokens().has(stack)) {
            throw new OpsCli.MissingSetting("a management token for the stack " + stack + " is required to list its "
                    + "assets: set CS_MANAGEMENTTOKEN or CS_MANAGEMENTTOKENS");
        }
        Instant from = since == null ? null : parseSince(since);
        try (SqsClient sqs = cli.sqs()) {
            DlqOperations operations = new DlqOperations(sqs, cli.queueUrl(), null, cli.json);
            AssetPages cma = new AssetPages(config.cmaBaseUrl(), config.tokens(), cli.json);
            ProgressBar[] bar = new ProgressBar[1];
            Backfill.Result result = new Backfill(cma, operations.sqsSender(), cli.json, Clock.systemUTC(),
                    config.rateLimit()).run(stack, from, dryRun, (done, total) -> {
                        if (bar[0] == null) {
                            bar[0] = new ProgressBar(cli.err, "scanning", total);
                        }
                        bar[0].update(done);
                    });
            if (bar[0] != null) {
                bar[0].finish();
            }
            cli.out.printf("scanned %d asset(s): %d already have a permanent URL, %d before --since, %d %s%n",
                    result.scanned(), result.alreadySet(), result.tooOld(), result.enqueued(),
                    dryRun ? "would be enqueued (dry run)" : "enqueued");
        }
        return 0;
    }

    private static Instant parseSince(String value) {
        try {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException again) {
                throw new OpsCli.MissingSetting("--since must be a date (2026-11-01) or an instant "
                        + "(2026-11-01T00:00:00Z), was " + value);
            }
        }
    }
}
