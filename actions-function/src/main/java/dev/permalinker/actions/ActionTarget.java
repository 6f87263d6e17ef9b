package dev.permalinker.actions;

import dev.permalinker.model.ReleaseAction;

/** Where a settled release's one action goes: a build hook, an event bus. */
public interface ActionTarget {

    /** Performs the action; returns only when the target confirmed it. */
    void perform(ReleaseAction action) throws ActionFailedException;

    /** A short name for logs ({@code hook api.netlify.com}, {@code bus default}); never a secret. */
    String describe();

    /** The target refused or did not answer; {@code getMessage()} is safe to log and to put in the DLQ. */
    final class ActionFailedException extends Exception {
        public ActionFailedException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
