package dev.permalinker.bench;

import dev.permalinker.ingest.IngestService;
import dev.permalinker.local.LocalConfig;
import dev.permalinker.local.LocalHookReceiver;
import dev.permalinker.local.LocalPipeline;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.ReleaseWebhooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A release deployed at Contentstack's webhook rate limit, time-scaled: {@code items} publish webhooks (and the
 * deploy event) delivered at 200 per minute divided by the scale, with one pause of 48 s (scaled) mid-release,
 * through the local pipeline into the actions queue, the consumer and a loopback build hook. The quiet period is
 * {@code RELEASE_DEBOUNCE} = 60 s divided by the scale. Counts webhooks in and actions out, and the time from the
 * last webhook's answer to the hook call.
 */
final class ReleaseStorm {
    record Result(int items, int scale, double deliverySeconds, int accepted, int actions, int eventsInAction,
                  double lastToActionSeconds, double debounceSeconds, double realDeliveryMinutes) {
    }

    private ReleaseStorm() {
    }

    static Result run(int items, int scale) throws Exception {
        Duration debounce = Duration.ofSeconds(60).dividedBy(scale);
        // 200 executions per minute: one every 300 ms, scaled.
        long intervalNanos = Duration.ofMillis(300).toNanos() / scale;
        long pauseNanos = Duration.ofSeconds(48).toNanos() / scale;
        try (ContentstackSimulator cma = ContentstackSimulator.start(0, "bench-token", 50);
             LocalHookReceiver hook = LocalHookReceiver.start()) {
            Map<String, String> env = new LinkedHashMap<>(Webhooks.ingestEnv());
            env.put("CS_MANAGEMENTTOKEN", "bench-token");
            env.put("CS_CMA_URL", cma.baseUrl().toString());
            env.put("RELEASE_HOOK_URL", hook.url().toString());
            env.put("RELEASE_DEBOUNCE", debounce.toString());
            LocalPipeline pipeline = LocalPipeline.start(new LocalConfig("127.0.0.1", 0, 0, 5, 2, 30), env);
            try {
                List<ReleaseWebhooks.Delivery> deliveries = new ReleaseWebhooks(
                        Webhooks.CONTENTSTACK.current().getPrivate(), Webhooks.API_KEY, "production")
                        .deploy("bltbenchrelease01", "Bench release", items, Instant.now());
                HttpClient http = HttpClient.newHttpClient();
                URI target = pipeline.ingestUrl().resolve(IngestService.PATH);
                int accepted = 0;
                long start = System.nanoTime();
                long next = start;
                long lastAnswer = start;
                for (int i = 0; i < deliveries.size(); i++) {
                    if (i == deliveries.size() / 2) {
                        next += pauseNanos;
                    }
                    LockSupport.parkNanos(next - System.nanoTime());
                    next += intervalNanos;
                    ReleaseWebhooks.Delivery d = deliveries.get(i);
                    HttpRequest.Builder request = HttpRequest.newBuilder(target)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
                    d.headers().forEach(request::header);
                    request.header("secret", Webhooks.SECRET);
                    if (http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 202) {
                        accepted++;
                    }
                    lastAnswer = System.nanoTime();
                }
                double deliverySeconds = (lastAnswer - start) / 1e9;
                long deadline = System.nanoTime() + debounce.multipliedBy(10).plusSeconds(10).toNanos();
                while (hook.calls().isEmpty() && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                }
                // Two more quiet periods: a second action would arrive in them.
                LockSupport.parkNanos(debounce.multipliedBy(2).toNanos());
                List<LocalHookReceiver.Call> calls = hook.calls();
                double lastToAction = calls.isEmpty() ? Double.NaN : (calls.get(0).atNanos() - lastAnswer) / 1e9;
                int events = calls.isEmpty() ? 0 : Webhooks.json().readTree(calls.get(0).body().getBytes(
                        StandardCharsets.UTF_8)).path("events").asInt();
                return new Result(items, scale, deliverySeconds, accepted, calls.size(), events, lastToAction,
                        debounce.toMillis() / 1e3, deliverySeconds * scale / 60);
            } finally {
                pipeline.shutdown(Duration.ZERO);
            }
        }
    }

    static String report(Result r) {
        return String.format("""

                ## 7. A release storm becomes one action

                A release of %,d items deployed at Contentstack's webhook rate (200 executions per minute per
                organisation), time-scaled by %d: %,d publish webhooks and the deploy event, one every %.0f ms, with
                one pause of %.1f s (48 s unscaled) half-way, through the local pipeline (ingest over HTTP, the
                actions FIFO queue on ElasticMQ, the consumer polled like the event source mapping) into a loopback
                build hook. `RELEASE_DEBOUNCE` = 60 s / %d = %.1f s. Unscaled, the delivery lasts %.1f minutes:
                longer than SQS's five-minute deduplication window.

                | figure | target | measured |
                |---|---|---|
                | webhooks in (answered 202) | all %,d | %,d |
                | actions out | 1 | %d (for %,d events) |
                | last webhook to the action | <= debounce + 5 s = %.1f s | %.2f s |
                | delivery, scaled | %.1f s (%.1f webhooks/s) | %.1f s (%.1f webhooks/s) |

                The one sender, signing each webhook and waiting for its answer on two shared cores, may fall
                behind the scaled rate; a slower delivery only lengthens the release. The action fires once, a
                quiet period after the last webhook (the half-way pause, shorter than the quiet period, does not
                fire it). The time beyond the quiet period is the hold's rounding up to whole
                seconds (ChangeMessageVisibility) and the poller's receive.
                """, r.items(), r.scale(), r.items(), 300.0 / r.scale(), 48.0 / r.scale(), r.scale(),
                r.debounceSeconds(), r.realDeliveryMinutes(), r.items() + 1, r.accepted(), r.actions(),
                r.eventsInAction(), r.debounceSeconds() + 5, r.lastToActionSeconds(),
                (r.items() + 1) * 0.3 / r.scale() + 48.0 / r.scale(), r.scale() / 0.3, r.deliverySeconds(),
                (r.items() + 1) / r.deliverySeconds());
    }
}
