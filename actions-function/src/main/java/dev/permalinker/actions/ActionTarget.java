package dev.permalinker.actions;

import dev.permalinker.model.ReleaseAction;

/** Where a settled release's one action goes: a build hook, an event bus. */
public interface ActionTarget {

    /** Performs the action; returns only when the target confirmed it. */
    void perform(ReleaseAction action) throws ActionFailedException;

    /**
     * The target's name in a retried message's {@code done} list ({@code hook}, {@code bus}): stable across
     * deployments, so a retry skips what is done.
     */
    default String id() {
        return describe();
    }

    /** A short name for logs ({@code hook api.netlify.com}, {@code bus default}); never a secret. */
    String describe();

    /** The target refused or did not answer; {@code getMessage()} is safe to log and to put in the DLQ. */
    final class ActionFailedException extends Exception {
        public ActionFailedException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
