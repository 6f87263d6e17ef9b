package dev.permalinker.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.aws.SqsQueues;
import dev.permalinker.model.FailureAttributes;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
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
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

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

    /** Sends one job back to the main queue; returns only when SQS confirmed it. */
    @FunctionalInterface
    public interface JobSender {
        void send(String body, String groupId, String deduplicationId);
    }

    public record Stats(SqsQueues.Counts queue, SqsQueues.Counts dlq, Map<String, Integer> dlqByCode) {
    }

    /** What a redrive did: {@code moved} back to the queue, {@code skipped} by the filter, and why it stopped. */
    public record RedriveResult(int matched, int moved, int skipped, String stoppedBecause) {
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
        List<DlqMessage> held = scan(Integer.MAX_VALUE);
        List<DlqMessage> matching = new ArrayList<>();
        List<DlqMessage> others = new ArrayList<>();
        for (DlqMessage message : held) {
            boolean wanted = (code == null || code.equals(message.code())) && matching.size() < max;
            (wanted ? matching : others).add(message);
        }
        giveBack(others);
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
                sender.send(message.body(), message.groupId(), redriveDeduplicationId(message));
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
        return (body, groupId, deduplicationId) -> sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body)
                .messageGroupId(groupId).messageDeduplicationId(deduplicationId));
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

    private DlqMessage toDlqMessage(Message message) {
        var attributes = message.messageAttributes();
        String code = attributes.containsKey(FailureAttributes.CODE)
                ? attributes.get(FailureAttributes.CODE).stringValue() : FailureCode.MAX_RECEIVES.wire();
        String detail = attributes.containsKey(FailureAttributes.DETAIL)
                ? attributes.get(FailureAttributes.DETAIL).stringValue() : "moved by the queue's redrive policy";
        int attempts = attributes.containsKey(FailureAttributes.ATTEMPTS)
                ? Integer.parseInt(attributes.get(FailureAttributes.ATTEMPTS).stringValue())
                : Integer.parseInt(message.attributes().getOrDefault(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "0"));
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
