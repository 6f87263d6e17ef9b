package dev.permalinker.local;

import dev.permalinker.ingest.IngestService;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.ReleaseWebhooks;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's second act: a release of a few hundred items deployed through the same pipeline; Contentstack sends one
 * publish webhook per item (each with {@code source.type = release}) and the deploy event, and the build hook (a
 * loopback receiver) is called once, after the release's quiet period.
 */
final class DemoRelease {
    static final Duration DEBOUNCE = Duration.ofSeconds(3);

    private final ContentstackSimulator cma;
    private final LocalPipeline pipeline;
    private final LocalHookReceiver hook;
    private final PrintStream out;

    DemoRelease(ContentstackSimulator cma, LocalPipeline pipeline, LocalHookReceiver hook, PrintStream out) {
        this.cma = cma;
        this.pipeline = pipeline;
        this.hook = hook;
        this.out = out;
    }

    /** Deploys a release of {@code items}; true when exactly one action followed it. */
    boolean run(String apiKey, int items) throws Exception {
        ReleaseWebhooks webhooks = new ReleaseWebhooks(cma.signingKeys().current().getPrivate(), apiKey,
                "production");
        List<ReleaseWebhooks.Delivery> deliveries = webhooks.deploy("bltdemorelease01", "Winter campaign", items,
                Instant.now());
        out.printf("%nRelease: deploying \"Winter campaign\" (%d items): %d publish webhooks, each with "
                + "source.type=release, and the deploy event; quiet period %d s%n", items, items,
                DEBOUNCE.toSeconds());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger accepted = new AtomicInteger();
        AtomicLong lastAnswer = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (ReleaseWebhooks.Delivery delivery : deliveries) {
            futures.add(senders.submit(() -> {
                HttpRequest.Builder request = HttpRequest.newBuilder(pipeline.ingestUrl().resolve(IngestService.PATH))
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
                delivery.headers().forEach(request::header);
                // The demo's webhook also carries the custom header secret, as configured in Contentstack.
                request.header("secret", DemoBurst.SECRET);
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    accepted.incrementAndGet();
                }
                lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        senders.shutdown();
        long deadline = System.nanoTime() + DEBOUNCE.multipliedBy(10).toNanos();
        while (hook.calls().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        // Then a further two quiet periods: any second action would show here.
        long settle = System.nanoTime() + DEBOUNCE.multipliedBy(2).toNanos();
        while (System.nanoTime() < settle) {
            Thread.sleep(100);
        }
        List<LocalHookReceiver.Call> calls = hook.calls();
        double after = calls.isEmpty() ? 0 : (calls.get(0).atNanos() - lastAnswer.get()) / 1e9;
        out.printf("  %d publish webhooks (+ the deploy event) -> %d action%s (accepted 202: %d; the hook was "
                + "called %.1f s after the last webhook)%n", items, calls.size(), calls.size() == 1 ? "" : "s",
                accepted.get(), after);
        if (!calls.isEmpty()) {
            out.println("  hook body: " + calls.get(0).body());
        }
        boolean ok = calls.size() == 1 && accepted.get() == deliveries.size();
        out.println(ok ? "OK: the release storm became one action." : "FAILED: expected exactly one action.");
        return ok;
    }
}
