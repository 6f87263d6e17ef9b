package dev.permalinker.worker;

import dev.permalinker.retry.Deadline;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.WorkerOutcome;
import dev.permalinker.telemetry.PipelineMetric;
import dev.permalinker.telemetry.Metrics;
import dev.permalinker.worker.JobOutcome.DeadLetter;
import dev.permalinker.worker.JobOutcome.Done;
import dev.permalinker.worker.JobOutcome.Retry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Owns the batch loop: runs each message through a {@link JobHandler}, dead-letters what cannot succeed and
 * returns the ids of the messages the queue must deliver again.
 *
 * <p>FIFO: once a message of a group fails, the later messages of that group in the batch are reported failed
 * unprocessed, so the group keeps its order; other groups go on. When the time budget runs out, every message not
 * yet done is reported failed, never dropped. See
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 *
 * <p>Different groups run in parallel (at most {@code groupParallelism} at once), each group in order: a CMA call
 * takes 100-300 ms, so one container working strictly in sequence could not use its share of the rate limit. The
 * shared {@link AdaptiveRateLimiter} still paces every request.
 */
public final class BatchProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);

    private final JobHandler handler;
    private final DeadLetterPublisher deadLetters;
    private final JsonCodec json;
    /** Runs groups in parallel; {@code null} when groups run one after the other on the caller's thread. */
    private final ExecutorService groupWorkers;
    private final Metrics metrics;
    private final Clock clock;
    private final JobLedger ledger;

    /** Groups one after the other. */
    public BatchProcessor(JobHandler handler, DeadLetterPublisher deadLetters, JsonCodec json) {
        this(handler, deadLetters, json, 1);
    }

    public BatchProcessor(JobHandler handler, DeadLetterPublisher deadLetters, JsonCodec json,
                          int groupParallelism) {
        this(handler, deadLetters, json, groupParallelism, Metrics.NONE, Clock.systemUTC());
    }

    /**
     * @param metrics counts each message's {@link WorkerOutcome} in {@code Jobs} and, for a URL this batch wrote, the
     *                time since the webhook's {@code triggered_at} in {@code TimeToPermanentUrl}
     */
    public BatchProcessor(JobHandler handler, DeadLetterPublisher deadLetters, JsonCodec json,
                          int groupParallelism, Metrics metrics, Clock clock) {
        this(handler, deadLetters, json, groupParallelism, metrics, clock, JobLedger.NONE);
    }

    /**
     * @param ledger where each message's outcome is recorded once it is final: done, or dead-lettered once the DLQ
     *               confirmed it; a retry marks the asset queued
     */
    public BatchProcessor(JobHandler handler, DeadLetterPublisher deadLetters, JsonCodec json,
                          int groupParallelism, Metrics metrics, Clock clock, JobLedger ledger) {
        this.ledger = ledger;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.json = json;
        this.metrics = metrics;
        this.clock = clock;
        this.groupWorkers = groupParallelism <= 1 ? null : Executors.newFixedThreadPool(groupParallelism, r -> {
            Thread thread = new Thread(r, "worker-group");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Processes the batch; returns the message ids to report as batch item failures, in batch order. */
    public List<String> process(List<QueueMessage> messages, Deadline deadline) {
        Map<String, List<QueueMessage>> groups = new LinkedHashMap<>();
        for (QueueMessage message : messages) {
            groups.computeIfAbsent(message.groupId(), g -> new ArrayList<>()).add(message);
        }
        Set<String> failed = new HashSet<>();
        if (groupWorkers == null || groups.size() == 1) {
            groups.values().forEach(group -> failed.addAll(processGroup(group, deadline)));
        } else {
            Map<List<QueueMessage>, Future<List<String>>> running = new LinkedHashMap<>();
            Map<String, String> logContext = MDC.getCopyOfContextMap();
            for (List<QueueMessage> group : groups.values()) {
                running.put(group, groupWorkers.submit(() -> {
                    // The invocation's requestId (and priming's phase) on every line of the group.
                    MDC.setContextMap(logContext == null ? Map.of() : logContext);
                    try {
                        return processGroup(group, deadline);
                    } finally {
                        MDC.clear();
                    }
                }));
            }
            running.forEach((group, result) -> failed.addAll(await(group, result)));
        }
        return messages.stream().map(QueueMessage::messageId).filter(failed::contains).toList();
    }

    /** One group in order: after its first failure, the rest of the group is reported failed unprocessed. */
    private List<String> processGroup(List<QueueMessage> group, Deadline deadline) {
        List<String> failed = new ArrayList<>();
        for (QueueMessage message : group) {
            if (!failed.isEmpty()) {
                failed.add(message.messageId());
                log(message, WorkerOutcome.SKIPPED, null, 0, 0, null, "an earlier message of its group failed");
            } else if (!deadline.allows(handler.minimumTime())) {
                failed.add(message.messageId());
                log(message, WorkerOutcome.DEFERRED, null, 0, 0, null, "time budget spent");
            } else if (!handle(message, deadline)) {
                failed.add(message.messageId());
            }
        }
        return failed;
    }

    private static List<String> await(List<QueueMessage> group, Future<List<String>> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return group.stream().map(QueueMessage::messageId).toList();
        } catch (ExecutionException e) {
            // Unexpected: report the whole group failed, it comes back; nothing is lost.
            LOG.atError().addKeyValue("outcome", "group_failed").addKeyValue("messageId", group.get(0).messageId())
                    .setCause(e.getCause()).log("a message group failed unexpectedly; all of it comes back");
            return group.stream().map(QueueMessage::messageId).toList();
        }
    }

    /** True when the message is finished (done or safely dead-lettered) and may be deleted. */
    private boolean handle(QueueMessage message, Deadline deadline) {
        long started = System.nanoTime();
        PermalinkJob job;
        JobOutcome outcome;
        try {
            job = json.read(message.body(), PermalinkJob.class);
            outcome = job.v() == PermalinkJob.VERSION && job.assetUid() != null
                    ? handler.process(job, message.receiveCount(), deadline)
                    : new DeadLetter(FailureCode.INVALID_JOB, "unsupported job version or missing assetUid", 0);
        } catch (IllegalArgumentException e) {
            job = null;
            outcome = new DeadLetter(FailureCode.INVALID_JOB, "body is not a job: " + e.getMessage(), 0);
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        if (outcome instanceof Done done) {
            log(message, done.written() ? WorkerOutcome.WRITTEN : WorkerOutcome.ALREADY_SET, job, done.attempts(),
                    durationMs, null, null);
            if (done.written()) {
                timeToPermanentUrl(job);
            }
            ledger.recordFinished(job, done);
            return true;
        }
        if (outcome instanceof Retry retry) {
            log(message, WorkerOutcome.RETRY, job, retry.attempts(), durationMs, null, retry.reason());
            ledger.recordRetry(job);
            return false;
        }
        boolean sent = deadLetter(message, (DeadLetter) outcome, job, durationMs);
        if (sent) {
            ledger.recordFinished(job, outcome);
        }
        return sent;
    }

    private boolean deadLetter(QueueMessage message, DeadLetter dead, PermalinkJob job, long durationMs) {
        try {
            deadLetters.deadLetter(message, dead.code(), dead.detail(), Math.max(dead.attempts(),
                    message.receiveCount()));
            log(message, WorkerOutcome.DEAD_LETTERED, job, dead.attempts(), durationMs, dead.code().wire(),
                    dead.detail());
            return true;
        } catch (DeadLetterPublisher.DeadLetterException e) {
            // Not confirmed by the DLQ: keep it in the queue, it will come back.
            log(message, WorkerOutcome.RETRY, job, dead.attempts(), durationMs, dead.code().wire(),
                    "DLQ send failed: " + e.getMessage());
            return false;
        }
    }

    /** From the webhook's {@code triggered_at} to now: what the content editor waited. */
    private void timeToPermanentUrl(PermalinkJob job) {
        if (job.triggeredAt() == null) {
            return;
        }
        try {
            long millis = Duration.between(Instant.parse(job.triggeredAt()), clock.instant()).toMillis();
            metrics.record(PipelineMetric.TIME_TO_PERMANENT_URL, null, Math.max(0, millis));
        } catch (DateTimeParseException e) {
            // A job without a readable triggered_at has no latency to report; it was still done.
        }
    }

    /**
     * One line and one {@code Jobs} count per message; {@code errorCode} is the dead letter's failure code. The
     * asset's stack and branch are on the line so {@code trace} tells one stack's asset from another's with the
     * same uid.
     */
    private void log(QueueMessage message, WorkerOutcome outcome, PermalinkJob job, int attempts, long durationMs,
                     String errorCode, String detail) {
        LoggingEventBuilder line = (outcome == WorkerOutcome.DEAD_LETTERED ? LOG.atWarn() : LOG.atInfo())
                .addKeyValue("outcome", outcome.wire());
        if (job != null && job.assetUid() != null) {
            line = line.addKeyValue("assetUid", job.assetUid()).addKeyValue("apiKey", job.apiKey())
                    .addKeyValue("branch", job.branch());
        }
        line = line.addKeyValue("messageId", message.messageId()).addKeyValue("attempt", attempts)
                .addKeyValue("receiveCount", message.receiveCount()).addKeyValue("durationMs", durationMs);
        if (errorCode != null) {
            line = line.addKeyValue("errorCode", errorCode);
        }
        if (detail != null) {
            line = line.addKeyValue("detail", detail);
        }
        line.log("job {}", outcome.wire());
        metrics.count(PipelineMetric.JOBS, outcome.wire());
    }
}
