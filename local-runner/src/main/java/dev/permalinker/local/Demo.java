package dev.permalinker.local;

import dev.permalinker.cma.RateShare;
import dev.permalinker.ingest.IngestService;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermanentUrl;
import dev.permalinker.model.Region;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedAsset;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo: the whole pipeline with the simulator, a burst of signed asset-creation webhooks (with duplicates and
 * bad requests) over real HTTP, live progress, a summary, and a verdict: every valid asset got exactly one
 * permanent URL, or the exit code says otherwise.
 */
public final class Demo {
    static final String API_KEY = "bltdemostack000001";
    private static final String TOKEN = "demo-management-token";
    /** The release of the demo's second act. */
    static final int RELEASE_ITEMS = 300;

    private final int assets;
    private final double rateLimit;
    private final PrintStream out;
    private final JsonCodec json = JsonCodec.create();

    public Demo(int assets, double rateLimit, PrintStream out) {
        this.assets = assets;
        this.rateLimit = rateLimit;
        this.out = out;
    }

    /** Runs the demo; returns the process exit code. */
    public int run() throws Exception {
        long started = System.nanoTime();
        try (ContentstackSimulator cma = ContentstackSimulator.start(0, TOKEN, rateLimit);
             LocalHookReceiver hook = LocalHookReceiver.start()) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("CS_APIKEY", API_KEY);
            // Contentstack's default: its certificate signature, with the key its app host publishes.
            env.put("CS_SIGNING_KEY_URL", cma.signingKeyUrl().toString());
            env.put("CS_SECRET", DemoBurst.SECRET);
            env.put("CS_MANAGEMENTTOKEN", TOKEN);
            env.put("CS_CMA_URL", cma.baseUrl().toString());
            env.put("CS_RATE_LIMIT", Double.toString(rateLimit));
            // Release actions: a loopback receiver stands in for the build hook.
            env.put("RELEASE_HOOK_URL", hook.url().toString());
            env.put("RELEASE_DEBOUNCE", DemoRelease.DEBOUNCE.toString());
            LocalConfig settings = new LocalConfig("127.0.0.1", 0, 0, 5, 2, 30);
            LocalPipeline pipeline = LocalPipeline.start(settings, env);
            try {
                int assetsExit = burstAndWait(cma, pipeline, started);
                boolean release = new DemoRelease(cma, pipeline, hook, out).run(API_KEY, RELEASE_ITEMS);
                return assetsExit != 0 ? assetsExit : release ? 0 : 1;
            } finally {
                pipeline.shutdown(Duration.ZERO);
            }
        }
    }

    private int burstAndWait(ContentstackSimulator cma, LocalPipeline pipeline, long started) throws Exception {
        out.printf("Permalinker demo: ingest %s, SQS %s, simulated CMA %s at %.0f writes/s%n",
                pipeline.ingestUrl(), pipeline.sqs().endpoint(), cma.baseUrl(), rateLimit);
        List<SimulatedAsset> created = new ArrayList<>();
        for (int i = 0; i < assets; i++) {
            boolean image = i % 3 != 0;
            created.add(cma.createAsset(API_KEY, String.format("bltdemo%011d", i),
                    image ? "Photo " + i + " (été).jpg" : "Brochure #" + i + ".pdf", image ? "image/jpeg"
                            : "application/pdf"));
        }
        List<DemoBurst.Planned> burst = new DemoBurst(cma, API_KEY, json).plan(created);
        out.printf("Sending %d requests: %d asset creations, %d duplicate deliveries, %d that must be refused or "
                        + "ignored%n", burst.size(), assets, DemoBurst.count(burst, "duplicate"),
                burst.size() - assets - DemoBurst.count(burst, "duplicate"));

        Map<String, AtomicInteger> answers = new TreeMap<>();
        Map<String, AtomicInteger> byKind = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI target = pipeline.ingestUrl().resolve(IngestService.PATH);
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (DemoBurst.Planned request : burst) {
            futures.add(senders.submit(() -> {
                HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
                request.headers().forEach(builder::header);
                HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                String code = response.statusCode() + " " + outcome(response.body());
                synchronized (answers) {
                    answers.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
                }
                byKind.computeIfAbsent(request.kind() + " -> " + code, c -> new AtomicInteger()).incrementAndGet();
                sent.incrementAndGet();
                return null;
            }));
        }
        Duration patience = Duration.ofSeconds((long) (assets / rateLimit * 3) + 30);
        long deadline = System.nanoTime() + patience.toNanos();
        int set = 0;
        while (System.nanoTime() < deadline) {
            set = (int) created.stream().filter(a -> cma.permanentUrl(API_KEY, a.uid()) != null).count();
            int depth = pipeline.sqs().depth(pipeline.sqs().queueUrl());
            int dead = pipeline.sqs().depth(pipeline.sqs().dlqUrl());
            out.printf("\r  sent %4d/%d | URLs set %4d/%d | queue %4d | dead letters %d | %5.1f s   ", sent.get(),
                    burst.size(), set, assets, depth, dead, (System.nanoTime() - started) / 1e9);
            out.flush();
            if (sent.get() == burst.size() && depth == 0 && set + dead >= assets) {
                break;
            }
            Thread.sleep(250);
        }
        out.println();
        for (Future<?> future : futures) {
            future.get();
        }
        senders.shutdown();
        return summary(cma, pipeline, created, answers, byKind, burst.size(), started);
    }

    private int summary(ContentstackSimulator cma, LocalPipeline pipeline, List<SimulatedAsset> created,
                        Map<String, AtomicInteger> answers, Map<String, AtomicInteger> byKind, int requests,
                        long started) {
        int correct = 0;
        int missing = 0;
        int writtenTwice = 0;
        for (SimulatedAsset asset : created) {
            String expected = PermanentUrl.of(API_KEY, asset.info(), Region.NA, null);
            String actual = cma.permanentUrl(API_KEY, asset.uid());
            if (actual == null) {
                missing++;
            } else if (actual.equals(expected) && cma.writesFor(asset.uid()) == 1) {
                correct++;
            }
            if (cma.writesFor(asset.uid()) > 1 || cma.putCallsFor(asset.uid()) > 1) {
                writtenTwice++;
            }
        }
        int dead = pipeline.sqs().depth(pipeline.sqs().dlqUrl());
        List<Long> writes = new ArrayList<>(cma.writeTimesNanos());
        Collections.sort(writes);
        double rate = writes.size() > 1 ? (writes.size() - 1) / ((writes.get(writes.size() - 1) - writes.get(0)) / 1e9)
                : 0;
        int queued = answers.getOrDefault("202 queued", new AtomicInteger()).get();

        out.println();
        out.println("Summary");
        out.println("  ------------------------------------------------------------");
        row("requests received", Integer.toString(requests));
        row("answered 202 queued", queued + "  (" + (queued - assets)
                + " of them duplicates, dropped by SQS FIFO deduplication)");
        answers.forEach((code, n) -> {
            if (!code.equals("202 queued")) {
                row("answered " + code, Integer.toString(n.get()));
            }
        });
        row("assets created", Integer.toString(created.size()));
        row("permanent URLs set", (created.size() - missing) + "  (correct and written once: " + correct + ")");
        row("written more than once", Integer.toString(writtenTwice));
        row("dead-lettered", Integer.toString(dead));
        row("CMA requests / 429s", cma.requests() + " / " + cma.throttled());
        row("write rate", String.format("%.1f/s against a limit of %.0f/s (%.2f; the worker plans on CS_RATE_SHARE "
                + "%.2f of it)", rate, rateLimit, rate / rateLimit, RateShare.DEFAULT));
        row("elapsed", String.format("%.1f s", (System.nanoTime() - started) / 1e9));
        out.println("  ------------------------------------------------------------");
        out.println("  by request kind:");
        new TreeMap<>(byKind).forEach((kind, n) -> out.printf("    %-48s %d%n", kind, n.get()));
        boolean ok = correct == created.size() && writtenTwice == 0 && dead == 0 && queued >= assets;
        out.println(ok ? "OK: every asset got exactly one permanent URL."
                : "FAILED: not every asset got exactly one permanent URL.");
        return ok ? 0 : 1;
    }

    private void row(String name, String value) {
        out.printf("  %-26s %s%n", name, value);
    }

    private String outcome(String body) {
        try {
            var node = json.readTree(body.getBytes(StandardCharsets.UTF_8));
            return node.has("error") ? node.path("error").path("code").asText() : node.path("status").asText();
        } catch (Exception e) {
            return "?";
        }
    }
}
