package dev.permalinker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The reconciler's section of {@code RESULTS.md} (issue 19's measurements), and putting it in place. */
final class ReconcileResults {
    static final String HEADING = "## 8. Reconciler: reads, time to URL without a webhook, late webhooks";

    private ReconcileResults() {
    }

    static String render(List<ReconcileBench.Reads> reads, ReconcileBench.Latency latency,
                         List<ReconcileBench.Upload> uploads, ReconcileBench.LateDuplicates late,
                         ReconcileBench.LateDuplicates fresh) {
        StringBuilder md = new StringBuilder();
        md.append('\n').append(HEADING).append("\n\n");
        md.append("The reconciler core (`reconciler` module, `Reconciler.create` as the function and `serve` build it) "
                + "against the simulator, which is also the webhook sender now; the pipeline runs are the local "
                + "pipeline (ingest, ElasticMQ, worker) with webhooks delivered by the simulator, signed with its "
                + "certificate key. Read budget: `CS_RATE_LIMIT` × `CS_RATE_SHARE` (default 0.8).\n\n");

        md.append("**Reads per run** (one run, `RECONCILE_LOOKBACK` 24 h, grace 15 min; reads as the simulator "
                + "counted them):\n\n");
        md.append("| stack | assets | branches | asset list reads | webhook list reads | total | queued | run |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (ReconcileBench.Reads r : reads) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | **%d** | %d | %.1f s |%n", r.name(),
                    r.assets(), r.branches(), r.assetReads(), r.webhookReads(), r.total(), r.queued(), r.seconds()));
        }
        md.append("\nTarget for an idle stack: 1 read per stack and branch, plus 1 for the webhook list.\n\n");

        md.append(String.format(Locale.ROOT, "**Creation to permanent URL when the webhook never comes** (no "
                        + "webhook configured; one asset created per minute; time-scaled ×%.0f, figures in scaled "
                        + "time): grace %s, interval %s, %d assets, %d without a URL at the end: min %.1f, median "
                        + "%.1f, **max %.1f min**. Target: ≤ grace + interval + 1 min = %d min.%n%n",
                1 / latency.scale(), minutes(latency.grace()), minutes(latency.interval()), latency.assets(),
                latency.lost(), latency.minMinutes(), latency.medianMinutes(), latency.maxMinutes(),
                latency.grace().plus(latency.interval()).plusMinutes(1).toMinutes()));

        md.append("**An upload whose webhooks arrive at 200 a minute** (all assets created at once; the simulator "
                + "delivers at most 200 executions per scaled minute, so the last arrive long after the grace; "
                + "reconciler every 5 scaled minutes; time-scaled, figures per asset unless said):\n\n");
        md.append("| run | assets | webhooks delivered (2xx) | first attempt after the grace | reconciler runs | "
                + "queued by the reconciler | URL missing or wrong | written twice | URL-setting writes | PUTs | "
                + "asset GETs | failed PUTs | asset list reads | webhook list reads | reconciler reads per asset | "
                + "scaled / real time |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ReconcileBench.Upload u : uploads) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d (%d) | %d | %d | %d | %d | %d | **%.3f** | %.3f | "
                            + "%.3f | %d | %d | %d | %.3f | %.1f min / %.0f s |%n", u.name(), u.assets(),
                    u.deliveries(),
                    u.accepted(), u.deliveredAfterGrace(), u.runs(), u.reconcilerQueued(), u.lost(),
                    u.writtenTwice(), u.changingWritesPerAsset(), u.putsPerAsset(), u.assetGetsPerAsset(),
                    u.failedPuts(), u.listReads(), u.webhookReads(),
                    (u.listReads() + u.webhookReads()) / (double) u.assets(), u.scaledMinutes(), u.realSeconds()));
        }
        md.append(String.format(Locale.ROOT, "%n**A late job for an asset already done.** Past SQS's five-minute "
                        + "deduplication window the queue no longer drops a second job for an asset (a webhook "
                        + "Contentstack delivered late, and the reconciler's job), so the worker reads first every "
                        + "job whose `triggeredAt` is more than five minutes old (`PermalinkService"
                        + ".DEDUPLICATION_WINDOW`, on the worker's clock) and ends a done asset as `already_set`. "
                        + "%d jobs for assets whose URL is set, sent with fresh deduplication ids, each carrying the "
                        + "asset's `created_at` (%d min before) as its `triggeredAt`, as the reconciler's job does "
                        + "(real time): **%.2f PUTs and %.2f asset GETs per job**, %d failed PUTs, %d new URL-setting "
                        + "writes. Target: at most one read, no failed write. For contrast, the same jobs %d s after "
                        + "creation (within the window, where SQS itself drops a twin): %.2f PUTs and %.2f GETs per "
                        + "job, written directly as before (the simulator answers the repeated PUT with 200; "
                        + "Contentstack documents only that a permanent URL can be set once).%n",
                late.jobs(), late.age().toMinutes(), late.putsPerJob(), late.getsPerJob(), late.failedPuts(),
                late.newWrites(), fresh.age().toSeconds(), fresh.putsPerJob(), fresh.getsPerJob()));
        md.append("\nReading it: with the reconciler on or off, every asset has one URL-setting write and one PUT, "
                + "and no PUT fails. The asset GETs are the worker's: a webhook's job whose `triggered_at` is more "
                + "than five (scaled) minutes old when the worker takes it is read first whichever path queued it, "
                + "with the reconciler off too (the worker cannot know whether a twin exists), so they follow how "
                + "far behind Contentstack's delivery queue runs, not the reconciler; they are on the read budget, "
                + "apart from writes. What the reconciler adds is its own reads (the asset list back to the lookback "
                + "once per run, and the webhook list: reconciler reads per asset). The jobs it queued for assets "
                + "whose webhook was still waiting in Contentstack's queue carry the webhook's own deduplication id: "
                + "within SQS's window the late webhook's job is dropped; after it, it costs one GET and no PUT (the "
                + "late-job line). A shorter grace hands more of a large upload to the reconciler (earlier URLs) "
                + "for the same reads.\n");
        md.append("\nWhat does not scale with the clock: CMA pacing (per real second) and SQS's five-minute "
                + "deduplication window, which in the scaled runs spans many scaled minutes, so a job queued by both "
                + "the reconciler and a late webhook is absorbed by SQS. The worker's own window is measured on the "
                + "simulator's scaled clock (the pipeline's worker is given it), so its reads above are what real "
                + "time would cost; at real speed each twin SQS absorbed here would reach the worker as well and "
                + "cost what the late-job line measures.\n");
        return md.toString();
    }

    private static String minutes(Duration duration) {
        return duration.toMinutes() + " min";
    }

    /** Replaces this section in {@code RESULTS.md}, or appends it. */
    static void write(Path results, String section) throws IOException {
        String text = Files.exists(results) ? Files.readString(results) : "# Benchmark results\n";
        int start = text.indexOf("\n" + HEADING);
        if (start >= 0) {
            int end = text.indexOf("\n## ", start + 1 + HEADING.length());
            text = text.substring(0, start) + (end >= 0 ? text.substring(end) : "");
        }
        Files.writeString(results, text.stripTrailing() + "\n" + section);
    }
}
