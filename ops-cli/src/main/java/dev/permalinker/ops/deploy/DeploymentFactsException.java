package dev.permalinker.ops.deploy;

/** The deployment could not be found or lacks a fact a command needs; the message names which and the fix. */
public final class DeploymentFactsException extends RuntimeException {
    public DeploymentFactsException(String message) {
        super(message);
    }

    public DeploymentFactsException(String message, Throwable cause) {
        super(message, cause);
    }
}
