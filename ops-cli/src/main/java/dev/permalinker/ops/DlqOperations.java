package dev.permalinker.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.aws.SqsQueues;
import dev.permalinker.model.FailureAttributes;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.QueueText;
import dev.permalinker.cma.AdaptiveRateLimiter;
import dev.permalinker.retry.Deadline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What an operator does with the dead-letter queue: count, look, move back, purge.
 *
 * <p>Looking means receiving: messages are held for a short visibility timeout and given back at once (visibility
 * 0). A FIFO queue hands out one group's messages only while none of them is in flight, so a scan sees every group
 * but, for a group holding several messages, possibly not all of them in one pass.
 */
public final class DlqOperations {
    /** How long a scan holds messages; long enough to finish a scan, short if the CLI dies mid-way. */
    private static final int HOLD_SECONDS = 60;

    /**
     * The message attributes a redriven message carries: its dead letter's failure, so the detail an operator
     * redrove is still on the message (and in the DLQ, should it fail again) instead of being stripped.
     */
    public static final String REDRIVEN_CODE = "redriven.failure.code";
    public static final String REDRIVEN_DETAIL = "redriven.failure.detail";
    public static final String REDRIVEN_ATTEMPTS = "redriven.failure.attempts";
    public static final String REDRIVEN_AT = "redriven.failure.at";
    /** SQS takes at most 256 KiB a message; a detail is a line, never the whole of it. */
    private static final int MAX_DETAIL = 1_000;

    /** Sends one job back to the main queue; returns only when SQS confirmed it. */
    @FunctionalInterface
    public interface JobSender {
        void send(String body, String groupId, String deduplicationId);

        /** As above, with message attributes ({@link #REDRIVEN_CODE}…); a sender that has none ignores them. */
        default void send(String body, String groupId, String deduplicationId,
                          Map<String, MessageAttributeValue> attributes) {
            send(body, groupId, deduplicationId);
        }
    }

    /** Which queue a message is for: each has its own consumer, which refuses the other kind's messages. */
    public enum QueueKind {
        JOBS("asset jobs", "the job queue (QUEUE_URL)"),
        ACTIONS("release actions", "the release-actions queue (the stack's actions queue)");

        private final String messages;
        private final String queue;

        QueueKind(String messages, String queue) {
            this.messages = messages;
            this.queue = queue;
        }

        public String messages() {
            return messages;
        }

        public String queue() {
            return queue;
        }

        /** By the queue's name, as the CDK stack and the local runner name them ({@code …-actions.fifo}). */
        static QueueKind ofQueue(String url) {
            return OpsCli.name(url).toLowerCase(java.util.Locale.ROOT).contains("actions") ? ACTIONS : JOBS;
        }
    }

    /** What a redrive moves: at most {@code max}, with the {@code code} and of the asset {@code assetUid} if given. */
    public record RedriveFilter(int max, String code, String assetUid) {
        public static RedriveFilter all() {
            return new RedriveFilter(Integer.MAX_VALUE, null, null);
        }

        boolean wants(DlqMessage message) {
            return (code == null || code.equals(message.code()))
                    && (assetUid == null || assetUid.equals(message.assetUid()));
        }
    }

    public record Stats(SqsQueues.Counts queue, SqsQueues.Counts dlq, Map<String, Integer> dlqByCode) {
    }

    /**
     * What a redrive did: {@code moved} back to the queue, {@code skipped} by the filter, and why it stopped;
     * {@code refusal} says why nothing was moved at all (messages of another kind than the queue), else {@code null}.
     */
    public record RedriveResult(int matched, int moved, int skipped, String stoppedBecause, String refusal) {
        public RedriveResult(int matched, int moved, int skipped, String stoppedBecause) {
            this(matched, moved, skipped, stoppedBecause, null);
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final String dlqUrl;
    private final JsonCodec json;

    public DlqOperations(SqsClient sqs, String queueUrl, String dlqUrl, JsonCodec json) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.dlqUrl = dlqUrl;
        this.json = json;
    }

    public SqsQueues.Counts counts(String url) {
        return SqsQueues.counts(sqs, url);
    }

    public Stats stats() {
        Map<String, Integer> byCode = new TreeMap<>();
        for (DlqMessage message : peek(Integer.MAX_VALUE)) {
            byCode.merge(message.code(), 1, Integer::sum);
        }
        return new Stats(queueUrl == null ? null : counts(queueUrl), counts(dlqUrl), byCode);
    }

    /** Up to {@code max} DLQ messages, given back to the queue before returning. */
    public List<DlqMessage> peek(int max) {
        List<DlqMessage> seen = scan(max);
        giveBack(seen);
        return seen;
    }

    /**
     * Moves matching messages back to the job queue: the same body and group, a fresh deduplication id, no failure
     * attributes. A message is deleted from the DLQ only after the send was confirmed; a failed send stops the
     * redrive and gives every held message back, so nothing is lost.
     */
    public RedriveResult redrive(int max, String code, boolean dryRun, double ratePerSecond, JobSender sender,
                                 IntConsumer progress) {
        return redrive(new RedriveFilter(max, code, null), dryRun, ratePerSecond, sender, message -> { }, progress);
    }

    /**
     * As above, by the book: nothing moves when a matching message is of another kind than the queue (a release
     * action into the job queue, or the reverse), or the queue's redrive policy names another DLQ; that is checked on
     * a dry run too. Each moved message carries its failure ({@link #REDRIVEN_CODE}…). {@code beforeSend} is told of
     * each message just before it is sent (the asset ledger's {@code REDRIVE} mark: before, so the worker's outcome
     * for the redriven job always comes after it).
     */
    public RedriveResult redrive(RedriveFilter filter, boolean dryRun, double ratePerSecond, JobSender sender,
                                 Consumer<DlqMessage> beforeSend, IntConsumer progress) {
        List<DlqMessage> held = scan(Integer.MAX_VALUE);
        List<DlqMessage> matching = new ArrayList<>();
        List<DlqMessage> others = new ArrayList<>();
        for (DlqMessage message : held) {
            boolean wanted = filter.wants(message) && matching.size() < filter.max();
            (wanted ? matching : others).add(message);
        }
        giveBack(others);
        String refusal = matching.isEmpty() ? null : refusal(matching);
        if (refusal != null) {
            giveBack(matching);
            return new RedriveResult(matching.size(), 0, others.size(), "refused", refusal);
        }
        if (dryRun) {
            giveBack(matching);
            return new RedriveResult(matching.size(), 0, others.size(), "dry run");
        }
        AdaptiveRateLimiter limiter = ratePerSecond > 0 ? AdaptiveRateLimiter.create(ratePerSecond) : null;
        int moved = 0;
        for (int i = 0; i < matching.size(); i++) {
            DlqMessage message = matching.get(i);
            paced(limiter);
            try {
                beforeSend.accept(message);
                sender.send(message.body(), message.groupId(), redriveDeduplicationId(message), carried(message));
            } catch (RuntimeException e) {
                giveBack(matching.subList(i, matching.size()));
                return new RedriveResult(matching.size(), moved, others.size(),
                        "send failed for " + message.assetUid() + ": " + e.getMessage());
            }
            sqs.deleteMessage(r -> r.queueUrl(dlqUrl).receiptHandle(message.receiptHandle()));
            moved++;
            progress.accept(moved);
        }
        return new RedriveResult(matching.size(), moved, others.size(), "done");
    }

    /** A sender to the job queue with the AWS SDK. */
    public JobSender sqsSender() {
        return new JobSender() {
            @Override
            public void send(String body, String groupId, String deduplicationId) {
                send(body, groupId, deduplicationId, Map.of());
            }

            @Override
            public void send(String body, String groupId, String deduplicationId,
                             Map<String, MessageAttributeValue> attributes) {
                sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body).messageGroupId(groupId)
                        .messageDeduplicationId(deduplicationId).messageAttributes(attributes));
            }
        };
    }

    /**
     * Why the matching messages must not go to the queue, or {@code null}. The queue's kind is read from its name;
     * a message's from its body (a job names its asset, a release action its release), else its failure code
     * ({@code hook_failed} is the actions function's, the CMA's codes the worker's). Moving release actions into the
     * job queue made the worker dead-letter them again as {@code invalid_job}, their {@code hook_failed} detail lost.
     */
    String refusal(List<DlqMessage> matching) {
        QueueKind destination = QueueKind.ofQueue(queueUrl);
        Map<QueueKind, List<DlqMessage>> byKind = new java.util.EnumMap<>(QueueKind.class);
        for (DlqMessage message : matching) {
            QueueKind kind = kindOf(message, json);
            if (kind != null) {
                byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(message);
            }
        }
        for (Map.Entry<QueueKind, List<DlqMessage>> entry : byKind.entrySet()) {
            if (entry.getKey() != destination) {
                DlqMessage example = entry.getValue().get(0);
                return entry.getValue().size() + " matching message(s) of " + OpsCli.name(dlqUrl) + " are "
                        + entry.getKey().messages + " (e.g. " + example.assetUid() + ", failure.code "
                        + example.code() + ") and " + OpsCli.name(queueUrl) + " is " + destination.queue
                        + ": its consumer would dead-letter them again and their failure detail would be lost. "
                        + "Redrive them into " + entry.getKey().queue + " with --queue-url";
            }
        }
        String servedBy = deadLetterTargetOf(queueUrl);
        if (servedBy != null && !servedBy.equals(OpsCli.name(dlqUrl))) {
            return OpsCli.name(queueUrl) + " sends its dead letters to " + servedBy + ", not to "
                    + OpsCli.name(dlqUrl) + ": redrive a DLQ only into the queue it serves (--queue-url)";
        }
        return null;
    }

    /** The kind of queue a dead letter came from; {@code null} when neither its body nor its code tells. */
    static QueueKind kindOf(DlqMessage message, JsonCodec json) {
        String subject = subject(message.body(), json);
        if (subject.startsWith("release ") || subject.startsWith("bulk ")) {
            return QueueKind.ACTIONS;
        }
        if (!subject.equals("(not a job)")) {
            return QueueKind.JOBS;
        }
        if (FailureCode.HOOK_FAILED.wire().equals(message.code())) {
            return QueueKind.ACTIONS;
        }
        return Set.of(FailureCode.ASSET_DELETED.wire(), FailureCode.UNAUTHORIZED.wire(), FailureCode.REJECTED.wire())
                .contains(message.code()) ? QueueKind.JOBS : null;
    }

    /** The name of the DLQ the queue's redrive policy names, or {@code null} without one. */
    private String deadLetterTargetOf(String url) {
        String policy = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes().get(QueueAttributeName.REDRIVE_POLICY);
        if (policy == null || policy.isBlank()) {
            return null;
        }
        try {
            String arn = json.readTree(policy.getBytes(StandardCharsets.UTF_8)).path("deadLetterTargetArn").asText("");
            return arn.isEmpty() ? null : arn.substring(arn.lastIndexOf(':') + 1);
        } catch (IOException e) {
            return null;
        }
    }

    /** The failure a dead letter carries, as attributes of its redriven message. */
    static Map<String, MessageAttributeValue> carried(DlqMessage message) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put(REDRIVEN_CODE, text(message.code()));
        if (message.detail() != null && !message.detail().isBlank()) {
            // Cut without splitting a surrogate pair, refused characters replaced: SQS would refuse the send.
            attributes.put(REDRIVEN_DETAIL, text(QueueText.replaceRefused(QueueText.cut(message.detail(),
                    MAX_DETAIL))));
        }
        attributes.put(REDRIVEN_ATTEMPTS, MessageAttributeValue.builder().dataType("Number")
                .stringValue(Integer.toString(message.attempts())).build());
        if (message.sentAt() != null) {
            attributes.put(REDRIVEN_AT, text(message.sentAt().toString()));
        }
        return attributes;
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    public void purge() {
        sqs.purgeQueue(r -> r.queueUrl(dlqUrl));
    }

    /** Fresh, so SQS does not drop the redriven job as a duplicate of its first delivery. */
    private static String redriveDeduplicationId(DlqMessage message) {
        return PermalinkJob.sha256Hex("redrive:" + message.messageId() + ":" + UUID.randomUUID());
    }

    /** Waits for the limiter's next slot ({@code null}: no limit). */
    static void paced(AdaptiveRateLimiter limiter) {
        if (limiter == null) {
            return;
        }
        try {
            limiter.acquire(new Deadline(Long.MAX_VALUE));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<DlqMessage> scan(int max) {
        List<DlqMessage> held = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        while (held.size() < max) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(dlqUrl)
                    .maxNumberOfMessages(Math.min(10, max - held.size()))
                    .visibilityTimeout(HOLD_SECONDS)
                    .waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            int added = 0;
            for (Message message : batch) {
                if (ids.add(message.messageId())) {
                    held.add(toDlqMessage(message));
                    added++;
                }
            }
            if (added == 0) {
                break;
            }
        }
        return held;
    }

    private void giveBack(List<DlqMessage> messages) {
        for (int i = 0; i < messages.size(); i += 10) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (DlqMessage message : messages.subList(i, Math.min(i + 10, messages.size()))) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(entries.size()))
                        .receiptHandle(message.receiptHandle()).visibilityTimeout(0).build());
            }
            sqs.changeMessageVisibilityBatch(r -> r.queueUrl(dlqUrl).entries(entries));
        }
    }

    private static int wholeNumber(String value, int otherwise) {
        try {
            return value == null ? otherwise : Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private DlqMessage toDlqMessage(Message message) {
        var attributes = message.messageAttributes();
        String code = attributes.containsKey(FailureAttributes.CODE)
                ? attributes.get(FailureAttributes.CODE).stringValue() : FailureCode.MAX_RECEIVES.wire();
        String detail = attributes.containsKey(FailureAttributes.DETAIL)
                ? attributes.get(FailureAttributes.DETAIL).stringValue() : "moved by the queue's redrive policy";
        int receives = wholeNumber(message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT),
                0);
        // An attempts attribute of type Number may hold 1.5 or 1e3 when someone else sent the message.
        int attempts = attributes.containsKey(FailureAttributes.ATTEMPTS)
                ? wholeNumber(attributes.get(FailureAttributes.ATTEMPTS).stringValue(), receives) : receives;
        String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        Instant sentAt = sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent));
        String group = message.attributes().getOrDefault(MessageSystemAttributeName.MESSAGE_GROUP_ID,
                message.messageId());
        return new DlqMessage(message.messageId(), message.receiptHandle(), group, message.body(),
                subject(message.body(), json), code, detail, attempts, sentAt);
    }

    /**
     * What a dead letter is about: its job's asset uid; for a release action (the actions DLQ, reached with
     * {@code --dlq-url}) {@code release <uid>} or {@code bulk <environment>}; else {@code (not a job)}. Never
     * {@code null}.
     */
    static String subject(String body, JsonCodec json) {
        try {
            String assetUid = json.read(body, PermalinkJob.class).assetUid();
            if (assetUid != null) {
                return assetUid;
            }
        } catch (IllegalArgumentException e) {
            // not a job: perhaps a release action
        }
        try {
            JsonNode action = json.readTree(body.getBytes(StandardCharsets.UTF_8));
            if (action.path("releaseUid").isTextual()) {
                return "release " + action.path("releaseUid").asText();
            }
            return action.path("kind").asText("").equals("bulk") && action.path("environment").isTextual()
                    ? "bulk " + action.path("environment").asText() : "(not a job)";
        } catch (IOException e) {
            return "(not a job)";
        }
    }

    /** A peeked message as a JSON-friendly map. */
    public static Map<String, Object> view(DlqMessage message, Instant now) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("assetUid", message.assetUid());
        view.put("code", message.code());
        view.put("detail", message.detail());
        view.put("attempts", message.attempts());
        view.put("ageSeconds", message.sentAt() == null ? null : Duration.between(message.sentAt(), now).toSeconds());
        view.put("messageId", message.messageId());
        return view;
    }
}
