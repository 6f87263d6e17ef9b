package dev.permalinker.worker;

import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.worker.JobOutcome.DeadLetter;
import dev.permalinker.worker.JobOutcome.Done;
import dev.permalinker.worker.JobOutcome.Retry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the batch loop: runs each message through {@link PermalinkService}, dead-letters what cannot succeed and
 * returns the ids of the messages the queue must deliver again.
 *
 * <p>FIFO: once a message of a group fails, the later messages of that group in the batch are reported failed
 * unprocessed, so the group keeps its order; other groups go on. When the time budget runs out, every message not
 * yet done is reported failed, never dropped. See
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 */
public final class BatchProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);

    private final PermalinkService service;
    private final DeadLetterPublisher deadLetters;
    private final JsonCodec json;

    public BatchProcessor(PermalinkService service, DeadLetterPublisher deadLetters, JsonCodec json) {
        this.service = service;
        this.deadLetters = deadLetters;
        this.json = json;
    }

    /** Processes the batch in order; returns the message ids to report as batch item failures. */
    public List<String> process(List<QueueMessage> messages, Deadline deadline) {
        List<String> failed = new ArrayList<>();
        Set<String> failedGroups = new HashSet<>();
        for (QueueMessage message : messages) {
            if (failedGroups.contains(message.groupId())) {
                failed.add(message.messageId());
                log(message, "skipped", "-", 0, 0, "an earlier message of its group failed");
                continue;
            }
            if (!deadline.allows(service.minimumTime())) {
                failed.add(message.messageId());
                failedGroups.add(message.groupId());
                log(message, "deferred", "-", 0, 0, "time budget spent");
                continue;
            }
            if (!handle(message, deadline)) {
                failed.add(message.messageId());
                failedGroups.add(message.groupId());
            }
        }
        return failed;
    }

    /** True when the message is finished (done or safely dead-lettered) and may be deleted. */
    private boolean handle(QueueMessage message, Deadline deadline) {
        long started = System.nanoTime();
        PermalinkJob job;
        JobOutcome outcome;
        try {
            job = json.read(message.body(), PermalinkJob.class);
            outcome = job.v() == PermalinkJob.VERSION && job.assetUid() != null
                    ? service.process(job, deadline)
                    : new DeadLetter(FailureCode.INVALID_JOB, "unsupported job version or missing assetUid", 0);
        } catch (IllegalArgumentException e) {
            job = null;
            outcome = new DeadLetter(FailureCode.INVALID_JOB, "body is not a job: " + e.getMessage(), 0);
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        String assetUid = job == null ? "-" : job.assetUid();
        if (outcome instanceof Done done) {
            log(message, done.written() ? "written" : "already_set", assetUid, done.attempts(), durationMs, "");
            return true;
        }
        if (outcome instanceof Retry retry) {
            log(message, "retry", assetUid, retry.attempts(), durationMs, retry.reason());
            return false;
        }
        return deadLetter(message, (DeadLetter) outcome, assetUid, durationMs);
    }

    private boolean deadLetter(QueueMessage message, DeadLetter dead, String assetUid, long durationMs) {
        try {
            deadLetters.deadLetter(message, dead.code(), dead.detail(), Math.max(dead.attempts(), message.receiveCount()));
            log(message, "dead_lettered", assetUid, dead.attempts(), durationMs, dead.code().wire() + ": " + dead.detail());
            return true;
        } catch (DeadLetterPublisher.DeadLetterException e) {
            // Not confirmed by the DLQ: keep it in the queue, it will come back.
            log(message, "retry", assetUid, dead.attempts(), durationMs, "DLQ send failed: " + e.getMessage());
            return false;
        }
    }

    private static void log(QueueMessage message, String outcome, String assetUid, int attempts, long durationMs,
                            String detail) {
        LOG.info("outcome={} assetUid={} messageId={} attempt={} receiveCount={} durationMs={} detail=\"{}\"",
                outcome, assetUid, message.messageId(), attempts, message.receiveCount(), durationMs, detail);
    }
}
