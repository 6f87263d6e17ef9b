package dev.permalinker.model;

/** Names of the SQS message attributes the worker puts on a dead-lettered job. */
public final class FailureAttributes {
    public static final String CODE = "failure.code";
    public static final String DETAIL = "failure.detail";
    public static final String ATTEMPTS = "failure.attempts";
    public static final String AT = "failure.at";
    public static final String SOURCE_MESSAGE_ID = "source.messageId";

    private FailureAttributes() {
    }
}
