package dev.permalinker.actions;

import dev.permalinker.actions.ActionTarget.ActionFailedException;
import dev.permalinker.actions.ActionsQueue.QueueException;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.ReleaseAction;
import dev.permalinker.model.ReleaseActionOutcome;
import dev.permalinker.model.ReleaseTimings;
import dev.permalinker.retry.Backoff;
import dev.permalinker.telemetry.Metrics;
import dev.permalinker.telemetry.PipelineMetric;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One action per release, after a quiet period, with nothing but the FIFO queue as state.
 *
 * <p>SQS FIFO delivers a message group's messages in order and never hands out a group's next message while one of
 * it is in flight (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-understanding-logic.html).
 * So, per release (group) in a batch:
 * <ul>
 *   <li><b>several messages</b>: collapse them into one summary (first seen = the earliest, last seen = the latest,
 *       events added up), send it to the same group, then let every consumed message be deleted. Send before delete:
 *       a crash between them leaves a duplicate summary (its deduplication id derives from the consumed message ids,
 *       so a retried send inside five minutes is dropped by SQS), never a lost release;</li>
 *   <li><b>one message</b> whose last event is at least {@code RELEASE_DEBOUNCE} ago, or whose first event is
 *       {@code RELEASE_MAX_WAIT} ago (a release whose events never pause still fires), and whose retry, if any, is
 *       due: perform the action; else hide it until it is due ({@code ChangeMessageVisibility}) and report it
 *       failed, so it stays. Events arriving meanwhile queue behind it, blocked, and are collapsed with it when it
 *       reappears: the visibility expiry is the timer, and the quiet period restarts with each event.</li>
 * </ul>
 * An action is performed by each target it has not done yet; when one fails, the action is sent again as a new
 * message of its group with one more attempt, a retry time (backoff doubling from {@code RELEASE_ACTION_BACKOFF})
 * and the targets now done in {@code done}, so the retry performs only what failed (one build per release even when
 * the event bus fails); after {@code RELEASE_ACTION_ATTEMPTS} it goes to the actions DLQ with {@code failure.code}
 * {@code hook_failed}, the failures in its detail and {@code done} in its body. Every call is started only when it
 * ends before the invocation's deadline, an action with the SQS call after it. A message that is not a release
 * action goes to the DLQ as {@code invalid_job}. Partial batch responses: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 */
public final class ReleaseDebouncer {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseDebouncer.class);
    /** ChangeMessageVisibility's limit. */
    private static final Duration MAX_HOLD = Duration.ofHours(12);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(15);
    /** The most messages one receive (and one Lambda SQS batch of this queue) holds. */
    static final int MAX_BATCH = 10;

    private final ActionsQueue queue;
    private final List<ActionTarget> targets;
    private final Duration debounce;
    private final Duration maxWait;
    /** The longest one action takes with the SQS call after it: started only when it still fits. */
    private final Duration actionBudget;
    /** The longest one SQS call takes: a summary, a hold or a dead letter is sent only when it still fits. */
    private final Duration sqsCall;
    /** {@code RELEASE_ACTION_ATTEMPTS} tries, {@code RELEASE_ACTION_BACKOFF} doubling to {@link #MAX_BACKOFF}. */
    private final Backoff backoff;
    private final JsonCodec json;
    private final Clock clock;
    private final Metrics metrics;

    /** With {@link ReleaseTimings#DEFAULT_MAX_WAIT} and an action budget of one SQS call (tests). */
    public ReleaseDebouncer(ActionsQueue queue, List<ActionTarget> targets, Duration debounce, int maxAttempts,
                            Duration retryBackoff, JsonCodec json, Clock clock, Metrics metrics) {
        this(queue, targets, debounce, ReleaseTimings.DEFAULT_MAX_WAIT, ReleaseTimings.SQS_CALL_TIMEOUT,
                ReleaseTimings.SQS_CALL_TIMEOUT, maxAttempts, retryBackoff, json, clock, metrics);
    }

    /**
     * @param maxWait      {@code RELEASE_MAX_WAIT}: an action fires no later than this after its first event
     * @param actionBudget the longest one action takes, with the SQS call after it ({@link ReleaseTimings#perAction})
     * @param sqsCall      the longest one SQS call takes
     */
    public ReleaseDebouncer(ActionsQueue queue, List<ActionTarget> targets, Duration debounce, Duration maxWait,
                            Duration actionBudget, Duration sqsCall, int maxAttempts, Duration retryBackoff,
                            JsonCodec json, Clock clock, Metrics metrics) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one action target (hook, event bus) is needed");
        }
        this.queue = queue;
        this.targets = List.copyOf(targets);
        this.debounce = debounce;
        this.maxWait = maxWait;
        this.actionBudget = actionBudget;
        this.sqsCall = sqsCall;
        this.backoff = new Backoff(maxAttempts, retryBackoff, MAX_BACKOFF);
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Handles one batch; returns the ids of the messages the queue must keep (held until due, or not handled).
     *
     * @param deadline when the last call must have returned (the invocation must still answer): an action is
     *                 started only if it and the SQS call after it end before it, any other SQS call only if it
     *                 does; the groups left are kept, whole
     */
    public List<String> process(List<ActionMessage> batch, Instant deadline) {
        Map<String, List<ActionMessage>> groups = new LinkedHashMap<>();
        for (ActionMessage message : batch) {
            groups.computeIfAbsent(message.groupId(), g -> new ArrayList<>()).add(message);
        }
        // SQS fills a receive group by group ("as many messages with the same message group ID as possible"), so
        // in a full batch only the last group may have more messages queued than it brought: it is not acted on,
        // but sent again behind them.
        String cutGroup = batch.size() >= MAX_BATCH ? batch.get(batch.size() - 1).groupId() : null;
        List<String> keep = new ArrayList<>();
        for (Map.Entry<String, List<ActionMessage>> group : groups.entrySet()) {
            if (!processGroup(group.getKey(), group.getValue(), deadline, group.getKey().equals(cutGroup))) {
                group.getValue().forEach(m -> keep.add(m.messageId()));
            }
        }
        return keep;
    }

    /** True when every message of the group may be deleted; false: keep them all (FIFO order is kept whole). */
    private boolean processGroup(String groupId, List<ActionMessage> messages, Instant deadline,
                                 boolean maybeCut) {
        List<ActionMessage> valid = new ArrayList<>();
        List<ReleaseAction> actions = new ArrayList<>();
        try {
            for (ActionMessage message : messages) {
                ReleaseAction action = parse(message);
                if (action == null) {
                    if (!fits(sqsCall, deadline)) {
                        return false;
                    }
                    queue.deadLetter(message, FailureCode.INVALID_JOB, "body is not a release action", 0);
                    LOG.atWarn().addKeyValue("outcome", "dead_lettered").addKeyValue("messageId", message.messageId())
                            .addKeyValue("errorCode", FailureCode.INVALID_JOB.wire())
                            .log("not a release action: dead-lettered");
                } else {
                    valid.add(message);
                    actions.add(action);
                }
            }
            if (valid.isEmpty()) {
                return true;
            }
            if (valid.size() > 1) {
                return fits(sqsCall, deadline) && collapse(groupId, valid, actions);
            }
            return settle(valid.get(0), actions.get(0), deadline, maybeCut);
        } catch (QueueException e) {
            LOG.atWarn().addKeyValue("outcome", "queue_failed").addKeyValue("detail", e.getMessage())
                    .log("SQS did not confirm; the group's messages come back");
            return false;
        }
    }

    private boolean collapse(String groupId, List<ActionMessage> messages, List<ReleaseAction> actions)
            throws QueueException {
        ReleaseAction summary = actions.get(0);
        for (int i = 1; i < actions.size(); i++) {
            summary = summary.mergedWith(actions.get(i));
        }
        String ids = messages.stream().map(ActionMessage::messageId).collect(Collectors.joining(","));
        queue.send(groupId, PermalinkJob.sha256Hex("summary:" + ids), summary);
        LOG.atDebug().addKeyValue("outcome", "collapsed").addKeyValue("release", summary.key())
                .addKeyValue("messages", messages.size()).addKeyValue("events", summary.events())
                .log("collapsed {} messages of a release into one", messages.size());
        return true;
    }

    private boolean settle(ActionMessage message, ReleaseAction action, Instant deadline, boolean maybeCut)
            throws QueueException {
        Instant now = clock.instant();
        Instant due = action.dueAt(debounce, maxWait);
        boolean acting = !now.isBefore(due) && !maybeCut;
        if (!fits(acting ? actionBudget : sqsCall, deadline)) {
            // This group's next calls would not end in time: kept whole, it comes back to a later invocation
            // (an invocation that overran would have its whole batch redelivered, done actions included).
            return false;
        }
        if (!now.isBefore(due) && maybeCut) {
            // Quiet, but later messages of its group may have stayed behind a full batch: send it again behind
            // them (a new message, so holding it does not count towards the queue's maxReceiveCount), where it is
            // collapsed with them, or comes back alone.
            queue.send(message.groupId(), PermalinkJob.sha256Hex("recheck:" + message.messageId()), action);
            LOG.atDebug().addKeyValue("outcome", "rechecked").addKeyValue("release", action.key())
                    .log("due, but last in a full batch: sent again behind its group");
            return true;
        }
        if (now.isBefore(due)) {
            Duration wait = Duration.between(now, due);
            queue.hold(message, wait.compareTo(MAX_HOLD) > 0 ? MAX_HOLD : wait);
            LOG.atDebug().addKeyValue("outcome", "held").addKeyValue("release", action.key())
                    .addKeyValue("durationMs", wait.toMillis()).log("release not quiet yet");
            return false;
        }
        long started = System.nanoTime();
        // Only the targets this action has not done yet: a retry performs what failed, never a done target again.
        List<String> nowDone = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (ActionTarget target : targets) {
            if (action.done().contains(target.id())) {
                continue;
            }
            try {
                target.perform(action);
                nowDone.add(target.id());
            } catch (ActionFailedException e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            return failed(message, action, nowDone, String.join("; ", failures), clock.instant());
        }
        metrics.count(PipelineMetric.RELEASE_ACTIONS, ReleaseActionOutcome.SENT.wire());
        LOG.atInfo().addKeyValue("outcome", ReleaseActionOutcome.SENT.wire()).addKeyValue("release", action.key())
                .addKeyValue("events", action.events()).addKeyValue("attempt", action.attempts() + 1)
                .addKeyValue("quietMs", Duration.between(action.lastSeen(), now).toMillis())
                .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000)
                .log("release settled: one action for {} events", action.events());
        return true;
    }

    private boolean failed(ActionMessage message, ReleaseAction action, List<String> nowDone, String detail,
                           Instant now) throws QueueException {
        int attempts = action.attempts() + 1;
        if (attempts >= backoff.maxAttempts()) {
            // The dead letter carries what is done, so a redrive performs only the targets that failed.
            ActionMessage dead = new ActionMessage(message.messageId(), message.receiptHandle(), message.groupId(),
                    json.write(action.withDone(nowDone)));
            queue.deadLetter(dead, FailureCode.HOOK_FAILED, detail, attempts);
            metrics.count(PipelineMetric.RELEASE_ACTIONS, ReleaseActionOutcome.FAILED.wire());
            LOG.atWarn().addKeyValue("outcome", ReleaseActionOutcome.FAILED.wire()).addKeyValue("release", action.key())
                    .addKeyValue("attempt", attempts).addKeyValue("errorCode", FailureCode.HOOK_FAILED.wire())
                    .addKeyValue("detail", detail).log("release action failed on its last attempt: dead-lettered");
            return true;
        }
        Duration backoff = backoff(attempts);
        queue.send(message.groupId(), PermalinkJob.sha256Hex("retry:" + message.messageId()),
                action.afterFailedAttempt(now.plus(backoff), nowDone));
        metrics.count(PipelineMetric.RELEASE_ACTIONS, ReleaseActionOutcome.RETRY.wire());
        LOG.atWarn().addKeyValue("outcome", ReleaseActionOutcome.RETRY.wire()).addKeyValue("release", action.key())
                .addKeyValue("attempt", attempts).addKeyValue("detail", detail).addKeyValue("done", nowDone)
                .addKeyValue("durationMs", backoff.toMillis()).log("release action failed; retried after a backoff");
        return true;
    }

    /** True when a call that takes at most {@code needed} started now ends before {@code deadline}. */
    private boolean fits(Duration needed, Instant deadline) {
        return !clock.instant().plus(needed).isAfter(deadline);
    }

    /**
     * {@code RELEASE_ACTION_BACKOFF} after the first failure, doubled after each next one, at most 15 minutes: the
     * back-off's ceiling, without jitter, as it always was: the retry's due time travels in the message it is sent
     * as, and the log line names that wait.
     */
    Duration backoff(int failedAttempts) {
        return backoff.ceiling(failedAttempts);
    }

    private ReleaseAction parse(ActionMessage message) {
        try {
            ReleaseAction action = json.read(message.body(), ReleaseAction.class);
            if (action.v() != ReleaseAction.VERSION || action.apiKey() == null || action.branch() == null
                    || action.firstSeenAt() == null || action.lastSeenAt() == null || action.attempts() < 0
                    || action.events() < 0
                    || !(action.isBulk() || ReleaseAction.KIND_RELEASE.equals(action.kind()))
                    || !action.isBulk() && (action.releaseUid() == null || action.releaseUid().isEmpty())) {
                return null;
            }
            action.firstSeen();
            action.dueAt(debounce, maxWait);
            return action;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
