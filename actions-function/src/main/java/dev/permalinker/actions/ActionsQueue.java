package dev.permalinker.actions;

import dev.permalinker.model.FailureCode;
import dev.permalinker.model.ReleaseAction;
import java.time.Duration;

/** What the consumer does to the actions queue and its DLQ besides the event source's delete. */
public interface ActionsQueue {

    /** Sends {@code action} to the actions queue in {@code groupId}; returns once SQS confirmed it. */
    void send(String groupId, String deduplicationId, ReleaseAction action) throws QueueException;

    /** Keeps {@code message} hidden (and its group blocked) for {@code delay}: {@code ChangeMessageVisibility}. */
    void hold(ActionMessage message, Duration delay) throws QueueException;

    /** Sends {@code message} to the actions DLQ with its reason in the failure attributes. */
    void deadLetter(ActionMessage message, FailureCode code, String detail, int attempts) throws QueueException;

    /** SQS refused or did not answer. */
    final class QueueException extends Exception {
        public QueueException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
