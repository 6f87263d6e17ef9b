package dev.permalinker.bench;

import dev.permalinker.aws.SqsJobPublisher;
import dev.permalinker.retry.Deadline;
import dev.permalinker.ingest.IngestService;
import dev.permalinker.local.LocalConfig;
import dev.permalinker.local.LocalPipeline;
import dev.permalinker.model.JobPublisher;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.PermanentUrl;
import dev.permalinker.model.Region;
import dev.permalinker.reconcile.ReconcileConfig;
import dev.permalinker.reconcile.ReconcileReport;
import dev.permalinker.reconcile.Reconciler;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.ReceivedRequest;
import dev.permalinker.simulator.SimulatedAsset;
import dev.permalinker.simulator.SimulatedExecution;
import dev.permalinker.simulator.WebhookDelivery;
import dev.permalinker.simulator.WebhookSpec;
import dev.permalinker.telemetry.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 19's measurements of the reconciler, with the real parts: the simulator (now also the webhook sender), the
 * local pipeline (ingest, ElasticMQ, worker) and the reconciler core, in one process.
 * <ul>
 *   <li>reads per run for an idle stack, and for a stack that created 5,000 assets in the last day;</li>
 *   <li>time from an asset's creation to its URL when its webhook never comes;</li>
 *   <li>a 5,000-asset upload whose webhooks arrive at 200 a minute, so many after the grace: CMA writes and reads
 *       per asset with the reconciler off and on, for two grace values; and what a late webhook's job costs for an
 *       asset already done once SQS's five-minute deduplication window has passed.</li>
 * </ul>
 * Long runs are time-scaled: the simulator's clock, its delivery schedule and rate, the grace and the interval all
 * run {@code 1/scale} times faster than real time (a {@link ScaledClock}). What does not scale: CMA request pacing
 * (reads and writes per real second) and SQS's five-minute deduplication window, which therefore covers a longer
 * stretch of scaled time; the late-duplicate run measures what the window would otherwise have absorbed.
 */
final class ReconcileBench {
    static final String API_KEY = Webhooks.API_KEY;
    private static final String TOKEN = "bench-token";
    private static final JsonCodec JSON = JsonCodec.create();

    private ReconcileBench() {
    }

    /** Reads of one run. */
    record Reads(String name, int assets, int branches, int assetReads, int webhookReads, int queued,
                 double seconds) {
        int total() {
            return assetReads + webhookReads;
        }
    }

    /** Creation to permanent URL without webhooks, in scaled minutes. */
    record Latency(Duration grace, Duration interval, double scale, int assets, int lost, double minMinutes,
                   double medianMinutes, double maxMinutes) {
    }

    /** One upload with webhooks at the organisation's delivery rate. */
    record Upload(String name, int assets, Duration grace, Duration interval, boolean reconciler, double scale,
                  int deliveries, int accepted, int deliveredAfterGrace, int reconcilerQueued, int runs, int lost,
                  int writtenTwice, double changingWritesPerAsset, double putsPerAsset, double assetGetsPerAsset,
                  long failedPuts, int listReads, int webhookReads, double scaledMinutes, double realSeconds) {
    }

    /** Jobs for assets already done, {@code age} after the assets' creation (the jobs' {@code triggeredAt}). */
    record LateDuplicates(int jobs, Duration age, double putsPerJob, double getsPerJob, long failedPuts,
                          int newWrites) {
    }

    /**
     * A clock that runs {@code 1/scale} times faster than real time from {@code start}; {@code start} lies far
     * enough in the past that scaled time never passes real time (the ingest refuses a {@code triggered_at} more
     * than 5 minutes in the future), and the ingest's replay window is widened to match.
     */
    static final class ScaledClock extends Clock {
        private final Instant start;
        private final long startNanos;
        private final double speed;

        ScaledClock(Instant start, double scale) {
            this.start = start;
            this.startNanos = System.nanoTime();
            this.speed = 1 / scale;
        }

        @Override
        public Instant instant() {
            return at(System.nanoTime());
        }

        Instant at(long nanoTime) {
            return start.plusNanos((long) ((nanoTime - startNanos) * speed));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    // ---- reads per run ----

    static List<Reads> reads(int bigStack) throws Exception {
        List<Reads> results = new ArrayList<>();
        Instant now = Instant.now();
        results.add(readRun("idle: 300 assets, none in the last day", 300, 1, now, i -> now.minus(Duration.ofDays(2))
                .minusSeconds(i), true));
        results.add(readRun("idle, two branches (main, develop)", 300, 2, now,
                i -> now.minus(Duration.ofDays(2)).minusSeconds(i), true));
        results.add(readRun("300 assets in the last day, all with a URL", 300, 1, now,
                i -> now.minus(Duration.ofMinutes(30)).minusSeconds(i * 200L), true));
        results.add(readRun(bigStack + " assets in the last day, all with a URL", bigStack, 1, now,
                i -> now.minus(Duration.ofMinutes(30)).minusMillis(i * (Duration.ofHours(23).toMillis() / bigStack)),
                true));
        results.add(readRun(bigStack + " assets in the last day, none with a URL", bigStack, 1, now,
                i -> now.minus(Duration.ofMinutes(30)).minusMillis(i * (Duration.ofHours(23).toMillis() / bigStack)),
                false));
        return results;
    }

    private interface CreatedAt {
        Instant of(int index);
    }

    private static Reads readRun(String name, int count, int branches, Instant now, CreatedAt createdAt,
                                 boolean done) throws Exception {
        try (ContentstackSimulator cma = ContentstackSimulator.start(0, TOKEN, 100)) {
            for (int i = 0; i < count; i++) {
                String uid = String.format("bltread%011d", i);
                SimulatedAsset asset = cma.createAsset(API_KEY, uid, "read " + i + ".png", "image/png",
                        createdAt.of(i));
                if (done) {
                    cma.setPermanentUrl(API_KEY, uid, PermanentUrl.of(API_KEY, asset.info(), Region.NA, null));
                }
            }
            cma.addWebhook(API_KEY, WebhookSpec.assetCreations("Permalinker", "https://bench.example/webhooks"));
            AtomicInteger queued = new AtomicInteger();
            Map<String, String> env = reconcilerEnv(cma, Duration.ofMinutes(15), "https://bench.example/webhooks",
                    "https://sqs.invalid/000000000000/permalinker-jobs.fifo");
            env.put("RECONCILE_BRANCHES", branches == 2 ? "main,develop" : "main");
            Reconciler reconciler = Reconciler.create(ReconcileConfig.fromEnv(env), job -> queued.incrementAndGet(),
                    Metrics.NONE, JSON, Clock.fixed(now, ZoneOffset.UTC));
            int before = cma.received().size();
            long started = System.nanoTime();
            reconciler.run(Deadline.after(Duration.ofMinutes(5)));
            double seconds = (System.nanoTime() - started) / 1e9;
            List<ReceivedRequest> run = cma.received().subList(before, cma.received().size());
            return new Reads(name, count, branches, countList(run, "/v3/assets"), countList(run, "/v3/webhooks"),
                    queued.get(), seconds);
        }
    }

    private static int countList(List<ReceivedRequest> requests, String path) {
        return (int) requests.stream().filter(r -> r.method().equals("GET") && r.path().equals(path)).count();
    }

    private static Map<String, String> reconcilerEnv(ContentstackSimulator cma, Duration grace, String publicUrl,
                                                     String queueUrl) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CS_APIKEY", API_KEY);
        env.put("CS_MANAGEMENTTOKEN", TOKEN);
        env.put("CS_CMA_URL", cma.baseUrl().toString());
        env.put("CS_RATE_LIMIT", Integer.toString(cma.rateLimit()));
        env.put("RECONCILE_GRACE", grace.toString());
        env.put("RECONCILE_LOOKBACK", "PT24H");
        env.put("PUBLIC_WEBHOOK_URL", publicUrl);
        env.put("QUEUE_URL", queueUrl);
        return env;
    }

    // ---- the pipeline with a scaled clock ----

    /** The simulator, the pipeline and a reconciler scheduled every interval, on one scaled clock. */
    private static final class Harness implements AutoCloseable {
        final ContentstackSimulator cma;
        final LocalPipeline pipeline;
        final ScaledClock clock;
        final double scale;
        final List<ReconcileReport> reports = Collections.synchronizedList(new ArrayList<>());
        private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "bench-reconciler");
            thread.setDaemon(true);
            return thread;
        });

        Harness(double scale, int limit) {
            this.scale = scale;
            this.clock = new ScaledClock(Instant.now().minus(Duration.ofDays(30)), scale);
            this.cma = ContentstackSimulator.start(0, TOKEN, limit);
            cma.clock(clock);
            cma.webhookDelivery(WebhookDelivery.scaled(scale));
            Map<String, String> env = new LinkedHashMap<>();
            env.put("CS_APIKEY", API_KEY);
            env.put("CS_SECRET", Webhooks.SECRET);
            env.put("CS_SIGNING_KEY_URL", cma.signingKeyUrl().toString());
            env.put("CS_REPLAY_WINDOW", "PT1000H");
            env.put("CS_MANAGEMENTTOKEN", TOKEN);
            env.put("CS_CMA_URL", cma.baseUrl().toString());
            env.put("CS_RATE_LIMIT", Integer.toString(limit));
            // The worker judges a job's age (SQS's deduplication window) on the same scaled clock as the simulator.
            this.pipeline = LocalPipeline.start(new LocalConfig("127.0.0.1", 0, 0, 5, 2, 30), env, clock);
        }

        String ingestUrl() {
            return pipeline.ingestUrl().resolve(IngestService.PATH).toString();
        }

        /** Runs the reconciler every {@code interval} of scaled time, the first run one interval from now. */
        void reconcileEvery(Duration interval, Duration grace) {
            Map<String, String> env = reconcilerEnv(cma, grace, ingestUrl(), pipeline.sqs().queueUrl());
            JobPublisher publisher = new SqsJobPublisher(pipeline.sqs().client(), pipeline.sqs().queueUrl(), JSON);
            Reconciler reconciler = Reconciler.create(ReconcileConfig.fromEnv(env), publisher, Metrics.NONE, JSON,
                    clock);
            long period = (long) (interval.toNanos() * scale);
            schedule.scheduleWithFixedDelay(() -> {
                try {
                    // A run's own time budget (the function's timeout on AWS), not the scaled interval.
                    reports.add(reconciler.run(Deadline.after(Duration.ofMinutes(2))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, period, period, TimeUnit.NANOSECONDS);
        }

        int queued() {
            synchronized (reports) {
                return reports.stream().mapToInt(ReconcileReport::queued).sum();
            }
        }

        boolean drained(List<SimulatedAsset> assets) {
            return cma.pendingWebhookDeliveries() == 0 && pipeline.sqs().depth(pipeline.sqs().queueUrl()) == 0
                    && assets.stream().allMatch(a -> cma.permanentUrl(API_KEY, a.uid()) != null);
        }

        double minutesSince(Instant scaledStart) {
            return Duration.between(scaledStart, clock.instant()).toMillis() / 60_000.0;
        }

        @Override
        public void close() throws Exception {
            schedule.shutdownNow();
            pipeline.shutdown(Duration.ZERO);
            cma.close();
        }
    }

    // ---- time to URL without a webhook ----

    static Latency latency(Duration grace, Duration interval, double scale, int count) throws Exception {
        try (Harness harness = new Harness(scale, 100)) {
            harness.reconcileEvery(interval, grace);
            List<SimulatedAsset> assets = new ArrayList<>();
            Map<String, Instant> setAt = new LinkedHashMap<>();
            // One asset every scaled minute; no webhook is configured, so none is ever delivered.
            long minute = (long) (Duration.ofMinutes(1).toNanos() * scale);
            long next = System.nanoTime();
            long deadline = next + (long) ((grace.plus(interval).toNanos() * 3 + count * 60e9) * scale)
                    + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                if (assets.size() < count && System.nanoTime() >= next) {
                    int i = assets.size();
                    assets.add(harness.cma.createAsset(API_KEY, String.format("bltnohook%09d", i), "late " + i
                            + ".png", "image/png"));
                    next += minute;
                }
                for (SimulatedAsset asset : assets) {
                    if (!setAt.containsKey(asset.uid()) && harness.cma.permanentUrl(API_KEY, asset.uid()) != null) {
                        setAt.put(asset.uid(), harness.clock.instant());
                    }
                }
                if (assets.size() == count && setAt.size() == count) {
                    break;
                }
                Thread.sleep(50);
            }
            List<Double> minutes = new ArrayList<>();
            for (SimulatedAsset asset : assets) {
                Instant set = setAt.get(asset.uid());
                if (set != null) {
                    minutes.add(Duration.between(Instant.parse(asset.createdAt()), set).toMillis() / 60_000.0);
                }
            }
            Collections.sort(minutes);
            return new Latency(grace, interval, scale, count, count - minutes.size(),
                    minutes.isEmpty() ? Double.NaN : minutes.get(0),
                    minutes.isEmpty() ? Double.NaN : minutes.get(minutes.size() / 2),
                    minutes.isEmpty() ? Double.NaN : minutes.get(minutes.size() - 1));
        }
    }

    // ---- an upload whose webhooks trickle in ----

    static Upload upload(String name, int count, Duration grace, Duration interval, boolean reconciler,
                         double scale) throws Exception {
        try (Harness harness = new Harness(scale, 100)) {
            harness.cma.addWebhook(API_KEY, WebhookSpec.assetCreations("Permalinker", harness.ingestUrl())
                    .withCustomHeader("secret", Webhooks.SECRET));
            if (reconciler) {
                harness.reconcileEvery(interval, grace);
            }
            long realStart = System.nanoTime();
            Instant scaledStart = harness.clock.instant();
            List<SimulatedAsset> assets = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                boolean image = i % 4 != 0;
                assets.add(harness.cma.createAsset(API_KEY, String.format("bltupload%09d", i),
                        image ? "Upload image " + i + ".jpg" : "Upload brochure " + i + ".pdf",
                        image ? "image/jpeg" : "application/pdf"));
            }
            long deadline = realStart + Duration.ofMinutes(20).toNanos();
            while (System.nanoTime() < deadline && !harness.drained(assets)) {
                Thread.sleep(250);
            }
            double scaledMinutes = harness.minutesSince(scaledStart);
            double realSeconds = (System.nanoTime() - realStart) / 1e9;
            ContentstackSimulator cma = harness.cma;
            int lost = 0;
            int twice = 0;
            long puts = 0;
            long gets = 0;
            long changing = 0;
            for (SimulatedAsset asset : assets) {
                String url = cma.permanentUrl(API_KEY, asset.uid());
                if (url == null || !url.equals(PermanentUrl.of(API_KEY, asset.info(), Region.NA, null))) {
                    lost++;
                }
                if (cma.writesFor(asset.uid()) > 1) {
                    twice++;
                }
                puts += cma.putCallsFor(asset.uid());
                gets += cma.getCallsFor(asset.uid());
                changing += cma.writesFor(asset.uid());
            }
            List<SimulatedExecution> executions = cma.executions();
            int accepted = (int) executions.stream().filter(SimulatedExecution::succeeded).count();
            int afterGrace = 0;
            for (SimulatedExecution execution : executions) {
                if (!execution.attempts().isEmpty() && Duration.between(Instant.parse(execution.createdAt()),
                        Instant.parse(execution.attempts().get(0).at())).compareTo(grace) > 0) {
                    afterGrace++;
                }
            }
            List<ReceivedRequest> received = cma.received();
            return new Upload(name, count, grace, interval, reconciler, scale, executions.size(), accepted,
                    afterGrace, harness.queued(), harness.reports.size(), lost, twice, changing / (double) count,
                    puts / (double) count, gets / (double) count, puts - cma.successfulWrites(),
                    countList(received, "/v3/assets"), countList(received, "/v3/webhooks"), scaledMinutes,
                    realSeconds);
        }
    }

    /**
     * Jobs for {@code count} assets whose URL is already set, sent with fresh deduplication ids {@code age} after the
     * assets were created, each carrying the asset's {@code created_at} as its {@code triggeredAt} (as the
     * reconciler's job does): past SQS's five-minute window, a late webhook or a reconciler run the queue no longer
     * drops. What does the worker spend on each? Real time (scale 1); the worker's clock is the simulator's.
     */
    static LateDuplicates lateDuplicates(int count, Duration age) throws Exception {
        try (Harness harness = new Harness(1, 100)) {
            ContentstackSimulator cma = harness.cma;
            List<SimulatedAsset> assets = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                SimulatedAsset asset = cma.createAsset(API_KEY, String.format("bltdone%011d", i), "done " + i
                        + ".png", "image/png", harness.clock.instant().minus(age));
                cma.setPermanentUrl(API_KEY, asset.uid(), PermanentUrl.of(API_KEY, asset.info(), Region.NA, null));
                assets.add(asset);
            }
            long successfulBefore = cma.successfulWrites();
            var sqs = harness.pipeline.sqs();
            for (SimulatedAsset asset : assets) {
                PermalinkJob job = new PermalinkJob(PermalinkJob.VERSION, API_KEY, "main", asset.uid(),
                        asset.filename(), asset.url(), asset.contentType(), asset.createdAt(),
                        harness.clock.instant().toString());
                sqs.client().sendMessage(r -> r.queueUrl(sqs.queueUrl()).messageBody(JSON.write(job))
                        .messageGroupId(job.messageGroupId()).messageDeduplicationId(job.deduplicationId() + "-late"));
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline && (sqs.depth(sqs.queueUrl()) > 0
                    || assets.stream().mapToInt(a -> cma.putCallsFor(a.uid()) + cma.getCallsFor(a.uid())).sum()
                    < count)) {
                Thread.sleep(100);
            }
            Thread.sleep(1000);
            long puts = assets.stream().mapToInt(a -> cma.putCallsFor(a.uid())).sum();
            long gets = assets.stream().mapToInt(a -> cma.getCallsFor(a.uid())).sum();
            long successful = cma.successfulWrites() - successfulBefore;
            int newWrites = assets.stream().mapToInt(a -> cma.writesFor(a.uid()) - 1).sum();
            return new LateDuplicates(count, age, puts / (double) count, gets / (double) count, puts - successful,
                    newWrites);
        }
    }
}
