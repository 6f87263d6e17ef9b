package dev.permalinker.worker;

import dev.permalinker.model.FailureCode;

/** Sends a job that cannot succeed to the dead-letter queue with its reason; returns once the DLQ confirmed it. */
public interface DeadLetterPublisher {

    void deadLetter(QueueMessage message, FailureCode code, String detail, int attempts) throws DeadLetterException;

    final class DeadLetterException extends Exception {
        public DeadLetterException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
