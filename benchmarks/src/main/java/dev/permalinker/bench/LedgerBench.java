package dev.permalinker.bench;

import dev.permalinker.ledger.AssetLedger;
import dev.permalinker.ledger.local.LocalLedger;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermanentUrl;
import dev.permalinker.model.Region;
import dev.permalinker.reconcile.ReconcileConfig;
import dev.permalinker.reconcile.ReconcileReport;
import dev.permalinker.reconcile.Reconciler;
import dev.permalinker.retry.Deadline;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedAsset;
import dev.permalinker.telemetry.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 27's measurements of the incremental reconciler: asset-list reads per steady-state run against new assets
 * per run, for a lookback holding 300, 5,000 and 20,000 assets all done; the reconciler core over the simulator and
 * the local runner's ledger (H2 in memory), runs 5 minutes apart on a stepped clock.
 */
final class LedgerBench {
    static final String HEADING = "## 9. The asset ledger: an incremental reconciler, one write per late webhook";
    private static final String API_KEY = "bltbenchstack00001";
    private static final String TOKEN = "bench-token";
    private static final JsonCodec JSON = JsonCodec.create();

    /** One configuration's steady state: mean asset-list reads per run after the first. */
    record Steady(int lookbackAssets, int newPerRun, int firstRunReads, double steadyReads, int steadyRuns,
                  int queued, int expectedQueued) {
        double target() {
            return 1 + Math.ceil(newPerRun / 100.0);
        }
    }

    private LedgerBench() {
    }

    static List<Steady> steady() throws Exception {
        List<Steady> results = new ArrayList<>();
        for (int lookback : new int[] {300, 5_000, 20_000}) {
            for (int fresh : new int[] {0, 10, 150}) {
                results.add(steady(lookback, fresh, 4));
            }
        }
        return results;
    }

    /**
     * {@code lookbackAssets} done assets spread over the last 23 h; then {@code runs} runs 5 minutes apart, each
     * after {@code newPerRun} new assets (one in ten without a URL: missed by its webhook).
     */
    static Steady steady(int lookbackAssets, int newPerRun, int runs) throws Exception {
        Instant start = Instant.now();
        MutableClock clock = new MutableClock(start);
        try (ContentstackSimulator cma = ContentstackSimulator.start(0, TOKEN, 1000);
             AssetLedger ledger = LocalLedger.inMemory(Duration.ofDays(14), clock, JSON)) {
            cma.clock(clock);
            long spacing = Duration.ofHours(23).toMillis() / lookbackAssets;
            for (int i = 0; i < lookbackAssets; i++) {
                done(cma, String.format("bltold%011d", i),
                        start.minus(Duration.ofMinutes(30)).minusMillis(i * spacing));
            }
            AtomicInteger queued = new AtomicInteger();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("CS_APIKEY", API_KEY);
            env.put("CS_MANAGEMENTTOKEN", TOKEN);
            env.put("CS_CMA_URL", cma.baseUrl().toString());
            env.put("CS_RATE_LIMIT", "1000");
            env.put("RECONCILE_LOOKBACK", "PT24H");
            env.put("QUEUE_URL", "https://sqs.invalid/000000000000/permalinker-jobs.fifo");
            Reconciler reconciler = Reconciler.create(ReconcileConfig.fromEnv(env), job -> queued.incrementAndGet(),
                    Metrics.NONE, JSON, clock).withLedger(ledger);
            int first = assetReads(reconciler.run(Deadline.after(Duration.ofMinutes(5))));
            int total = 0;
            int expected = 0;
            for (int run = 0; run < runs; run++) {
                clock.advance(Duration.ofMinutes(5));
                for (int i = 0; i < newPerRun; i++) {
                    // Created during the last 5 minutes, now just past the 15-minute grace.
                    Instant created = clock.instant().minus(Duration.ofMinutes(16)).plusMillis(
                            i * Duration.ofMinutes(5).toMillis() / Math.max(1, newPerRun));
                    String uid = String.format("bltnew%02d%09d", run, i);
                    if (i % 10 == 0) {
                        cma.createAsset(API_KEY, uid, uid + ".png", "image/png", created);
                        expected++;
                    } else {
                        done(cma, uid, created);
                    }
                }
                total += assetReads(reconciler.run(Deadline.after(Duration.ofMinutes(5))));
            }
            return new Steady(lookbackAssets, newPerRun, first, total / (double) runs, runs, queued.get(), expected);
        }
    }

    private static void done(ContentstackSimulator cma, String uid, Instant created) {
        SimulatedAsset asset = cma.createAsset(API_KEY, uid, uid + ".png", "image/png", created);
        cma.setPermanentUrl(API_KEY, uid, PermanentUrl.of(API_KEY, asset.info(), Region.NA, null));
    }

    private static int assetReads(ReconcileReport report) {
        return report.reads() - report.webhookReads();
    }

    static String render(List<Steady> steady, List<ReconcileBench.Upload> uploads) {
        StringBuilder md = new StringBuilder();
        md.append('\n').append(HEADING).append("\n\n");
        md.append("**Reconciler reads per steady-state run** (the reconciler core with the asset ledger, the local "
                + "runner's H2 store in memory, against the simulator; lookback 24 h, grace 15 min, overlap 1 min; "
                + "a first run (a full pass), then runs 5 minutes apart, each after that many new assets, one in ten "
                + "without a URL; asset-list reads as the run counted them, the webhook list (1 per stack) "
                + "apart):\n\n");
        md.append("| assets in the lookback (all done) | new per run | first run (full pass) | steady-state reads "
                + "per run | target 1 + new/100 | queued (missed) / expected |\n|---|---|---|---|---|---|\n");
        for (Steady s : steady) {
            md.append(String.format(Locale.ROOT, "| %d | %d | %d | **%.2f** | %.0f | %d / %d |%n",
                    s.lookbackAssets(), s.newPerRun(), s.firstRunReads(), s.steadyReads(), s.target(), s.queued(),
                    s.expectedQueued()));
        }
        if (!uploads.isEmpty()) {
            md.append("\n**The 5,000-asset upload at 200 webhooks a minute** (§8's run, now with the ledger the local "
                    + "runner shares between the worker and the reconciler; time-scaled ×30):\n\n");
            md.append("| run | URL missing or wrong | written twice | PUTs per asset | asset GETs per asset | "
                    + "**CMA calls per asset** | queued by the reconciler | asset list reads | real time |\n"
                    + "|---|---|---|---|---|---|---|---|---|\n");
            for (ReconcileBench.Upload u : uploads) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f | **%.3f** | %d | %d | %.0f s |%n",
                        u.name(), u.lost(), u.writtenTwice(), u.putsPerAsset(), u.assetGetsPerAsset(),
                        u.putsPerAsset() + u.assetGetsPerAsset(), u.reconcilerQueued(), u.listReads(),
                        u.realSeconds()));
            }
            md.append("\nTarget ≤ 1.02 CMA calls per asset (was 1.84 = 1.000 PUT + 0.839 GET, §8).\n");
        }
        return md.toString();
    }

    /** Replaces this section in {@code RESULTS.md}, or appends it. */
    static void write(Path results, String section) throws IOException {
        String text = Files.readString(results);
        int start = text.indexOf("\n" + HEADING);
        if (start >= 0) {
            int end = text.indexOf("\n## ", start + 1 + HEADING.length());
            text = text.substring(0, start) + (end >= 0 ? text.substring(end) : "");
        }
        Files.writeString(results, text.stripTrailing() + "\n" + section);
    }

    /** A clock the bench steps. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
