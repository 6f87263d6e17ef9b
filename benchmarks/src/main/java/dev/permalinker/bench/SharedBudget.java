package dev.permalinker.bench;

import dev.permalinker.local.LocalConfig;
import dev.permalinker.local.LocalPipeline;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.simulator.CompetingClient;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedAsset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The worker as a neighbour on the organisation's CMA budget: another client spends 40 % of the write limit at a
 * steady rate, all the time (a) or until half-way (b), while the local pipeline drains a queue of jobs with the
 * default {@code CS_RATE_SHARE}. Per-second rates of both clients, and each one's 429s.
 */
final class SharedBudget {
    /** One second of the run: writes per second of the worker and of the other client. */
    record Second(int second, int worker, int other) {
    }

    record Result(String name, double limit, double otherRate, double workerRateWhileShared, double leftForWorker,
                  double worker429Share, double other429Share, double secondsToTakeFreedBudget,
                  double workerRateAfter, List<Second> seconds) {
    }

    private static final JsonCodec JSON = JsonCodec.create();

    private SharedBudget() {
    }

    static Result run(String name, double limit, int jobs, boolean otherStopsHalfWay) throws Exception {
        double otherRate = limit * 0.4;
        try (ContentstackSimulator cma = ContentstackSimulator.start(0, "bench-token", limit)) {
            Map<String, String> env = new LinkedHashMap<>(Webhooks.ingestEnv());
            env.put("CS_MANAGEMENTTOKEN", "bench-token");
            env.put("CS_CMA_URL", cma.baseUrl().toString());
            env.put("CS_RATE_LIMIT", Double.toString(limit));
            LocalPipeline pipeline = LocalPipeline.start(new LocalConfig("127.0.0.1", 0, 0, 5, 2, 30), env);
            CompetingClient other = cma.startCompetingClient(otherRate);
            try {
                List<SimulatedAsset> assets = new ArrayList<>();
                for (int i = 0; i < jobs; i++) {
                    assets.add(cma.createAsset(Webhooks.API_KEY, String.format("bltshare%010d", i),
                            "shared " + i + ".png", "image/png"));
                }
                long started = System.nanoTime();
                enqueue(pipeline, assets);
                long stopAt = Long.MAX_VALUE;
                long deadline = started + Duration.ofSeconds((long) (jobs / (limit * 0.5)) + 60).toNanos();
                while (System.nanoTime() < deadline && cma.writeTimesNanos().size() < jobs) {
                    if (otherStopsHalfWay && stopAt == Long.MAX_VALUE && cma.writeTimesNanos().size() >= jobs / 2) {
                        other.close();
                        stopAt = System.nanoTime();
                    }
                    Thread.sleep(100);
                }
                other.close();
                return result(name, limit, otherRate, started, stopAt, cma, other);
            } finally {
                other.close();
                pipeline.shutdown(Duration.ZERO);
            }
        }
    }

    private static void enqueue(LocalPipeline pipeline, List<SimulatedAsset> assets) {
        for (int i = 0; i < assets.size(); i += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (SimulatedAsset asset : assets.subList(i, Math.min(i + 10, assets.size()))) {
                PermalinkJob job = new PermalinkJob(1, Webhooks.API_KEY, "main", asset.uid(), asset.filename(),
                        asset.url(), asset.contentType(), "2026-11-20T09:14:07Z", "2026-11-20T09:14:08Z");
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(entries.size()))
                        .messageBody(JSON.write(job)).messageGroupId(job.messageGroupId())
                        .messageDeduplicationId(job.deduplicationId()).build());
            }
            pipeline.sqs().client().sendMessageBatch(r -> r.queueUrl(pipeline.sqs().queueUrl()).entries(entries));
        }
    }

    private static Result result(String name, double limit, double otherRate, long started, long stopAt,
                                 ContentstackSimulator cma, CompetingClient other) {
        List<Long> worker = cma.writeTimesNanos();
        List<Long> others = other.successNanos();
        long end = worker.isEmpty() ? started : worker.stream().mapToLong(Long::longValue).max().getAsLong();
        int totalSeconds = (int) Math.ceil((end - started) / 1e9);
        List<Second> seconds = new ArrayList<>();
        for (int s = 0; s < totalSeconds; s++) {
            long from = started + s * 1_000_000_000L;
            long to = from + 1_000_000_000L;
            seconds.add(new Second(s, count(worker, from, to), count(others, from, to)));
        }
        // While shared: from the third second (the limiter has settled) to the other client's stop or the end.
        long sharedFrom = started + 2_000_000_000L;
        long sharedTo = Math.min(stopAt, end);
        double sharedRate = count(worker, sharedFrom, sharedTo) / Math.max(1e-9, (sharedTo - sharedFrom) / 1e9);
        double taken = Double.NaN;
        double after = Double.NaN;
        if (stopAt != Long.MAX_VALUE) {
            double ceiling = limit * 0.8;
            for (long t = stopAt; t + 1_000_000_000L <= end; t += 100_000_000L) {
                if (count(worker, t, t + 1_000_000_000L) >= 0.9 * ceiling) {
                    taken = (t + 1_000_000_000L - stopAt) / 1e9;
                    break;
                }
            }
            after = count(worker, stopAt + 5_000_000_000L, end) / Math.max(1e-9, (end - stopAt) / 1e9 - 5);
        }
        double worker429 = cma.throttled() / (double) Math.max(1, cma.requests());
        double other429 = other.throttled() / (double) Math.max(1, other.attempts());
        return new Result(name, limit, otherRate, sharedRate, limit - otherRate, worker429, other429, taken, after,
                seconds);
    }

    private static int count(List<Long> times, long from, long to) {
        int n = 0;
        for (long t : times) {
            if (t >= from && t < to) {
                n++;
            }
        }
        return n;
    }
}
