package dev.permalinker.local;

import dev.permalinker.ingest.IngestHandler;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.telemetry.Metrics;
import dev.permalinker.worker.WorkerHandler;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one process: embedded SQS (job queue and DLQ), the ingest over HTTP and the worker
 * polling the queue, wired from the same environment variables as on AWS. Each stage is built by its function's
 * own composition root ({@code create(env)}), so what runs here is what runs on Lambda: the ingest's enqueue retry,
 * secrets, metrics ({@code METRICS=emf}) included.
 *
 * <p>The process is one "container": its one rate limiter gets the whole {@code CS_RATE_LIMIT}, shared by its
 * {@code WORKER_THREADS} concurrent invocations.
 */
public final class LocalPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);
    /** As long as a Lambda worker invocation would run; the handler stops starting new jobs before it ends. */
    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedSqs sqs;
    private final IngestHttpServer http;
    private final SqsEventSourcePoller poller;
    /** {@code null} when off ({@code RECONCILE_INTERVAL=PT0S}, or no {@code CS_APIKEY}). */
    private final LocalReconciler reconciler;
    /** Release actions (their queues and consumer), or {@code null} when no action target is configured. */
    private final LocalReleaseActions actions;

    private LocalPipeline(EmbeddedSqs sqs, IngestHttpServer http, SqsEventSourcePoller poller,
                          LocalReconciler reconciler, LocalReleaseActions actions) {
        this.sqs = sqs;
        this.http = http;
        this.poller = poller;
        this.reconciler = reconciler;
        this.actions = actions;
    }

    /** Starts every part; {@code env} holds the ingest's and worker's variables (CS_…), queues are filled in. */
    public static LocalPipeline start(LocalConfig settings, Map<String, String> env) {
        return start(settings, env, Clock.systemUTC());
    }

    /**
     * As {@link #start(LocalConfig, Map)}, with the worker measuring jobs' {@code triggeredAt} against {@code
     * workerClock} (benchmarks: the simulator's time-scaled clock).
     */
    public static LocalPipeline start(LocalConfig settings, Map<String, String> env, Clock workerClock) {
        EmbeddedSqs sqs = settings.dataDir() == null
                ? EmbeddedSqs.start(settings.bind(), settings.sqsPort(), settings.maxReceiveCount(),
                        settings.visibilityTimeoutSeconds())
                : EmbeddedSqs.startDurable(settings.bind(), settings.sqsPort(), settings.maxReceiveCount(),
                        settings.visibilityTimeoutSeconds(), settings.dataDir());
        try {
            Map<String, String> wired = new HashMap<>(env);
            wired.put("QUEUE_URL", sqs.queueUrl());
            wired.put("DLQ_URL", sqs.dlqUrl());
            wired.put("SQS_ENDPOINT", sqs.endpoint().toString());
            wired.put("WORKER_MAX_CONCURRENCY", "1");
            JsonCodec json = JsonCodec.create();
            LocalReleaseActions actions = LocalReleaseActions.wanted(wired)
                    ? LocalReleaseActions.create(sqs, wired, json) : null;
            IngestHandler ingest = IngestHandler.create(wired);
            WorkerHandler worker = WorkerHandler.create(wired, Metrics.fromEnv(wired), workerClock);
            LocalReconciler reconciler = LocalReconciler.start(wired);
            SqsEventSourcePoller poller = new SqsEventSourcePoller(sqs.client(), sqs.queueUrl(), worker, json,
                    settings.workerThreads(), INVOCATION_TIMEOUT, 1);
            IngestHttpServer http = IngestHttpServer.start(settings.bind(), settings.port(), ingest, json);
            poller.start();
            if (actions != null) {
                actions.start();
            }
            return new LocalPipeline(sqs, http, poller, reconciler, actions);
        } catch (RuntimeException e) {
            sqs.close();
            throw e;
        }
    }

    public URI ingestUrl() {
        return http.baseUrl();
    }

    public EmbeddedSqs sqs() {
        return sqs;
    }

    public SqsEventSourcePoller worker() {
        return poller;
    }

    /** The reconciler running every {@code RECONCILE_INTERVAL}, or {@code null} when off. */
    public LocalReconciler reconciler() {
        return reconciler;
    }

    /** Release actions, or {@code null} when off. */
    public LocalReleaseActions releaseActions() {
        return actions;
    }

    /**
     * Stops taking webhooks (503, so Contentstack retries), lets the worker drain the queue for up to {@code grace},
     * then stops. Returns how many jobs were still queued: kept in the data directory for the next start, or lost
     * with an in-memory queue.
     */
    public int shutdown(Duration grace) throws InterruptedException {
        if (reconciler != null) {
            reconciler.close();
        }
        http.drain();
        long deadline = System.nanoTime() + grace.toNanos();
        int left = sqs.depth(sqs.queueUrl());
        while (left > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = sqs.depth(sqs.queueUrl());
        }
        boolean finished = poller.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())).plusSeconds(5));
        if (actions != null) {
            // Held releases stay in their queue (on disk for serve) and settle after the next start.
            finished &= actions.stop(Duration.ofSeconds(5));
        }
        left = sqs.depth(sqs.queueUrl());
        if (left > 0 || !finished) {
            LOG.atWarn().addKeyValue("outcome", "shutdown_incomplete").addKeyValue("queued", left)
                    .addKeyValue("workerFinished", finished).log("stopped with jobs still queued");
        }
        http.close();
        sqs.close();
        return left;
    }

    @Override
    public void close() throws InterruptedException {
        shutdown(Duration.ZERO);
    }
}
