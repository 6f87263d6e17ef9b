package dev.permalinker.bench;

import dev.permalinker.ingest.IngestService;
import dev.permalinker.local.LocalPipeline;
import dev.permalinker.local.LocalConfig;
import dev.permalinker.model.PermanentUrl;
import dev.permalinker.model.Region;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.Faults;
import dev.permalinker.simulator.SimulatedAsset;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A release-sized storm through the local pipeline: N asset creations, each webhook delivered twice, over HTTP,
 * into ElasticMQ, drained by the worker into the simulator at limit L. Samples queue depth and writes every 500 ms.
 */
final class StormDrain {
    /** One sample of the drain. */
    record Sample(double seconds, int queueDepth, long writes) {
    }

    record Result(String name, int assets, double limit, int deliveries, int accepted, double drainSeconds,
                  double writeRate, double callsPerAsset, double putsPerAsset, int lost, int writtenTwice,
                  long throttled, long injectedErrors, int deadLettered, List<Sample> samples) {
    }

    private StormDrain() {
    }

    static Result run(String name, int assets, double limit, Faults faults) throws Exception {
        try (ContentstackSimulator cma = ContentstackSimulator.start(0, "bench-token", limit)) {
            cma.faults(faults);
            Map<String, String> env = new LinkedHashMap<>();
            env.putAll(Webhooks.ingestEnv());
            env.put("CS_MANAGEMENTTOKEN", "bench-token");
            env.put("CS_CMA_URL", cma.baseUrl().toString());
            env.put("CS_RATE_LIMIT", Double.toString(limit));
            env.put("CS_REPLAY_WINDOW", "PT2H");
            LocalPipeline pipeline = LocalPipeline.start(new LocalConfig("127.0.0.1", 0, 0, 5, 2, 30), env);
            try {
                return drain(name, assets, limit, cma, pipeline);
            } finally {
                pipeline.shutdown(Duration.ZERO);
            }
        }
    }

    private static Result drain(String name, int count, double limit, ContentstackSimulator cma, LocalPipeline pipeline)
            throws Exception {
        List<SimulatedAsset> assets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean image = i % 4 != 0;
            assets.add(cma.createAsset(Webhooks.API_KEY, String.format("bltstorm%010d", i),
                    image ? "Storm image " + i + ".jpg" : "Storm brochure " + i + ".pdf",
                    image ? "image/jpeg" : "application/pdf"));
        }
        List<byte[]> deliveries = new ArrayList<>();
        for (SimulatedAsset asset : assets) {
            byte[] body = Webhooks.body(asset);
            deliveries.add(body);
            deliveries.add(body);
        }
        Collections.shuffle(deliveries, new java.util.Random(7));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI target = pipeline.ingestUrl().resolve(IngestService.PATH);
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(16);
        long started = System.nanoTime();
        List<Future<?>> sent = new ArrayList<>();
        for (byte[] body : deliveries) {
            sent.add(senders.submit(() -> {
                HttpRequest.Builder request = HttpRequest.newBuilder(target)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                Webhooks.headers(body).forEach(request::header);
                if (http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 202) {
                    accepted.incrementAndGet();
                }
                return null;
            }));
        }
        List<Sample> samples = new ArrayList<>();
        long deadline = started + Duration.ofSeconds((long) (count / limit * 4) + 60).toNanos();
        while (System.nanoTime() < deadline) {
            int depth = pipeline.sqs().depth(pipeline.sqs().queueUrl());
            long writes = cma.writeTimesNanos().size();
            samples.add(new Sample((System.nanoTime() - started) / 1e9, depth, writes));
            boolean allSent = sent.stream().allMatch(Future::isDone);
            if (allSent && depth == 0 && writes + pipeline.sqs().depth(pipeline.sqs().dlqUrl()) >= count) {
                break;
            }
            Thread.sleep(500);
        }
        for (Future<?> future : sent) {
            future.get();
        }
        senders.shutdown();
        double drainSeconds = (System.nanoTime() - started) / 1e9;
        List<Long> writes = new ArrayList<>(cma.writeTimesNanos());
        Collections.sort(writes);
        double rate = writes.size() > 1 ? (writes.size() - 1) / ((writes.get(writes.size() - 1) - writes.get(0)) / 1e9)
                : 0;
        int lost = 0;
        int twice = 0;
        long puts = 0;
        for (SimulatedAsset asset : assets) {
            String url = cma.permanentUrl(Webhooks.API_KEY, asset.uid());
            if (url == null || !url.equals(PermanentUrl.of(Webhooks.API_KEY, asset.info(), Region.NA, null))) {
                lost++;
            }
            if (cma.writesFor(asset.uid()) > 1 || cma.putCallsFor(asset.uid()) > 1) {
                twice++;
            }
            puts += cma.putCallsFor(asset.uid());
        }
        return new Result(name, count, limit, deliveries.size(), accepted.get(), drainSeconds, rate,
                cma.requests() / (double) count, puts / (double) count, lost, twice, cma.throttled(),
                cma.injectedErrors(), pipeline.sqs().depth(pipeline.sqs().dlqUrl()), samples);
    }
}
