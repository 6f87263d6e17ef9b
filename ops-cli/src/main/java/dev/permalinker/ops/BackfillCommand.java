package dev.permalinker.ops;

import dev.permalinker.aws.SqsJobPublisher;
import dev.permalinker.cma.AdaptiveRateLimiter;
import dev.permalinker.cma.AssetPages;
import dev.permalinker.retry.Deadline;
import dev.permalinker.model.EnvReader;
import dev.permalinker.model.Identifiers;
import dev.permalinker.model.JobPublisher;
import dev.permalinker.reconcile.AssetScan;
import dev.permalinker.reconcile.ReconcileConfig;
import dev.permalinker.reconcile.ReconcileWindow;
import dev.permalinker.reconcile.SkipReason;
import dev.permalinker.reconcile.StackScan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code backfill}: the reconciler's own asset scan ({@link AssetScan}) over the operator's window: a job for every
 * file asset without a permanent URL created since {@code --since} (default: {@code RECONCILE_LOOKBACK} ago, 24 h),
 * up to {@code --grace} ago (default none), with the ingest's ids, so jobs already queued are not doubled.
 */
@Command(name = "backfill", description = "Enqueue a job for every asset of the stack that has no permanent URL, "
        + "created inside the window (GET /v3/assets newest first, within the CMA's rate limit). The reconciler's "
        + "own code with the operator's window.")
final class BackfillCommand implements Callable<Integer> {
    @ParentCommand
    OpsCli cli;
    @Option(names = "--since", paramLabel = "<time>", converter = OptionValues.SinceConverter.class,
            description = "only assets created since then: " + OptionValues.TIME_FORMS + "; default: "
                    + "RECONCILE_LOOKBACK (24 h) ago; 2000-01-01 for every asset")
    OptionValues.Since since;
    @Option(names = "--grace", paramLabel = "<duration>", converter = OptionValues.DurationConverter.class,
            description = "leave assets younger than this to their webhook: 15m, PT15M (default 0: none)")
    Duration grace;
    @Option(names = "--branch", description = "the branch uid (default main)")
    String branch = Identifiers.DEFAULT_BRANCH;
    @Option(names = "--dry-run", description = "count what would be enqueued; enqueue nothing")
    boolean dryRun;
    @Option(names = "--api-key", description = "the stack (default: the first of CS_APIKEY)")
    String apiKey;

    @Override
    public Integer call() throws InterruptedException {
        OpsConfig config = cli.config();
        String stack = apiKey != null ? apiKey : config.apiKeys().isEmpty() ? null : config.apiKeys().get(0);
        if (stack == null) {
            throw new OpsCli.MissingSetting("the stack is unknown: set CS_APIKEY or pass --api-key");
        }
        if (!Identifiers.isSafe(stack) || !Identifiers.isSafe(branch)) {
            throw new OpsCli.MissingSetting("--api-key and --branch must match " + Identifiers.SAFE_ID);
        }
        if (config.tokens() == null || !config.tokens().has(stack)) {
            throw new OpsCli.MissingSetting("a management token for the stack " + stack + " is required to list its "
                    + "assets: set CS_MANAGEMENTTOKEN or CS_MANAGEMENTTOKENS");
        }
        Clock clock = Clock.systemUTC();
        Instant now = clock.instant();
        Instant from = since != null ? since.from(now) : now.minus(lookback(cli));
        Instant to = now.minus(grace == null ? Duration.ZERO : grace);
        if (from.isAfter(to)) {
            throw new OpsCli.MissingSetting("--since (" + from + ") must be before now minus --grace (" + to + ")");
        }
        try (SqsClient sqs = cli.sqs()) {
            JobPublisher publisher = dryRun ? job -> { } : new SqsJobPublisher(sqs, cli.queueUrl(), cli.json);
            AssetPages pages = new AssetPages(cli.cmaBaseUrl(), config.tokens(), cli.json);
            AssetScan scan = new AssetScan(AssetScan.reads(pages),
                    publisher, AdaptiveRateLimiter.create(config.rateLimit()), clock, Duration.ofSeconds(30));
            ProgressBar[] bar = new ProgressBar[1];
            StackScan result = scan.scan(stack, branch, new ReconcileWindow(from, to),
                    Deadline.after(Duration.ofDays(1)), (done, total) -> {
                        if (bar[0] == null) {
                            bar[0] = new ProgressBar(cli.err, "scanning", total);
                        }
                        bar[0].update(done);
                    });
            if (bar[0] != null) {
                bar[0].finish();
            }
            cli.out.printf("scanned %d asset(s) in %d read(s): %d already have a permanent URL, %d outside the "
                            + "window, %d folder(s), %d unreadable, %d %s%n",
                    result.scanned(), result.reads(), result.skipped(SkipReason.ALREADY_SET),
                    result.skipped(SkipReason.TOO_OLD) + result.skipped(SkipReason.TOO_YOUNG),
                    result.skipped(SkipReason.FOLDER),
                    result.skipped(SkipReason.UNREADABLE_CREATED_AT) + result.skipped(SkipReason.INVALID_UID),
                    result.queued(), dryRun ? "would be enqueued (dry run)" : "enqueued");
            if (result.problem() != null) {
                cli.err.printf("stopped early (%s): %s; what was enqueued stays queued, run it again%n",
                        result.problem().code(), result.problem().detail());
                return OpsCli.FAILED;
            }
            if (result.skipped(SkipReason.UNQUEUED) > 0) {
                // The scan went on past them; their uids are in the log lines reconcile_unqueued.
                cli.err.printf("%d asset(s) not enqueued: the queue refused their job (see reconcile_unqueued in the "
                        + "log for their uids)%n", result.skipped(SkipReason.UNQUEUED));
                return OpsCli.FAILED;
            }
        }
        return 0;
    }

    /** {@code RECONCILE_LOOKBACK} from the environment, the reconciler's default otherwise. */
    private static Duration lookback(OpsCli cli) {
        EnvReader reader = new EnvReader(cli.env());
        Duration lookback = reader.duration("RECONCILE_LOOKBACK", ReconcileConfig.DEFAULT_LOOKBACK);
        reader.throwIfProblems("permalinker-ops configuration");
        return lookback;
    }
}
