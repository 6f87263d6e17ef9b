package dev.permalinker.model;

/** Hands a job to the queue; returns only once the queue has confirmed it. */
public interface JobPublisher {

    void publish(PermalinkJob job) throws PublishException;

    /**
     * The queue refused or did not answer in time: the webhook must not be acknowledged. {@link #refusedJob()} tells
     * the two apart: the queue answered and refused this job's contents (SQS's {@code InvalidMessageContents}, a
     * body past its size limit), so sending it again fails the same way while another job may well be queued.
     */
    final class PublishException extends Exception {
        private final boolean refusedJob;

        public PublishException(String message, Throwable cause) {
            this(message, cause, false);
        }

        private PublishException(String message, Throwable cause, boolean refusedJob) {
            super(message, cause);
            this.refusedJob = refusedJob;
        }

        /** The queue answered and refused this job itself; the message must hold no secret and no job field. */
        public static PublishException refusedJob(String message, Throwable cause) {
            return new PublishException(message, cause, true);
        }

        /** {@code true} when the queue refused this job's contents, {@code false} when it was unavailable. */
        public boolean refusedJob() {
            return refusedJob;
        }
    }
}
