package dev.permalinker.model;

/** Hands a job to the queue; returns only once the queue has confirmed it. */
public interface JobPublisher {

    void publish(PermalinkJob job) throws PublishException;

    /** The queue refused or did not answer in time: the webhook must not be acknowledged. */
    final class PublishException extends Exception {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
