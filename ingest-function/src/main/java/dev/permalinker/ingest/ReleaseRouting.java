package dev.permalinker.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.ingest.IngestResult.QueuedRelease;
import dev.permalinker.ingest.IngestResult.Rejected;
import dev.permalinker.ingest.ReleaseEventParser.ReleaseTrigger;
import dev.permalinker.ingest.WebhookParser.InvalidWebhookException;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.ReleaseAction;
import dev.permalinker.model.WebhookEvent;
import java.time.Instant;

/**
 * The ingest's second job: a webhook of a release (or a bulk publish) becomes one message on the actions FIFO
 * queue, grouped per release ({@link ReleaseAction#messageGroupId()}); the actions consumer collapses the group and
 * acts once after its quiet period. Asset creations never come here.
 *
 * <p>Deduplication id: hex SHA-256 of the event's identity (stack, branch, release or bulk environment, module,
 * item, event, environment, locale), so Contentstack's re-sends of one delivery collapse in SQS's five-minute window
 * while every distinct event still extends the quiet period. Never {@code triggered_at}: Contentstack sends every
 * retry with a fresh one (a retry after 5 s would count as a new event). FIFO deduplication:
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/using-messagededuplicationid-property.html
 */
public final class ReleaseRouting {
    /** Release actions off: every such event stays {@code 200 ignored}. */
    public static final ReleaseRouting OFF = new ReleaseRouting(null);

    private final ReleaseActionPublisher publisher;

    public ReleaseRouting(ReleaseActionPublisher publisher) {
        this.publisher = publisher;
    }

    /** Routing as {@code config} says, through {@code publisher}; {@link #OFF} when release actions are off. */
    public static ReleaseRouting create(ReleaseActionsConfig config, ReleaseActionPublisher publisher) {
        return config.enabled() ? new ReleaseRouting(publisher) : OFF;
    }

    public boolean enabled() {
        return publisher != null;
    }

    /**
     * The answer for {@code event} (authenticated, of a served stack, not an asset creation) when it belongs to a
     * release or a bulk publish: {@code 202} queued, {@code 400 invalid_payload}, or {@code 503} when the queue did
     * not confirm; {@code null} for an ordinary event (or when release actions are off).
     */
    IngestResult route(JsonNode root, WebhookEvent event, Instant receivedAt) {
        if (publisher == null) {
            return null;
        }
        ReleaseTrigger trigger;
        try {
            trigger = ReleaseEventParser.read(root, event);
        } catch (InvalidWebhookException e) {
            return new Rejected(e.code(), e.getMessage());
        }
        if (trigger == null) {
            return null;
        }
        ReleaseAction action = trigger.bulk()
                ? ReleaseAction.bulk(event.apiKey(), event.branch(), trigger.environment(), receivedAt)
                : ReleaseAction.release(event.apiKey(), event.branch(), trigger.releaseUid(), trigger.title(),
                        trigger.environment(), receivedAt);
        String identity = String.join(":", event.apiKey(), event.branch(),
                trigger.bulk() ? "bulk" : "release", trigger.releaseUid(), event.module(), trigger.itemUid(),
                event.event(), trigger.environment(), trigger.locale());
        try {
            publisher.publish(action, PermalinkJob.sha256Hex(identity));
        } catch (ReleaseActionPublisher.PublishException e) {
            return new Rejected(ErrorCode.QUEUE_UNAVAILABLE, "the queue is unavailable, retry later");
        }
        return new QueuedRelease(action.releaseUid(), action.isBulk() ? action.environment() : null, action.key());
    }
}
