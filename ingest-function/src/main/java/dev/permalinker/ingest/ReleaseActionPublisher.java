package dev.permalinker.ingest;

import dev.permalinker.model.ReleaseAction;

/** Hands a release-action message to the actions FIFO queue; returns only once the queue has confirmed it. */
public interface ReleaseActionPublisher {

    /**
     * @param deduplicationId the FIFO deduplication id: Contentstack's re-sends of one event carry the same one
     */
    void publish(ReleaseAction action, String deduplicationId) throws PublishException;

    /** The actions queue refused or did not answer in time: the webhook must not be acknowledged. */
    final class PublishException extends Exception {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
