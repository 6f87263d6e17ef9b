package dev.permalinker.worker;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.time.Duration;

/** A Lambda context whose only working part is the remaining time, counted from creation. */
record TestContext(long deadlineNanos) implements Context {
    static TestContext withRemaining(Duration remaining) {
        return new TestContext(System.nanoTime() + remaining.toNanos());
    }

    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    public String getAwsRequestId() {
        return "test";
    }

    public String getLogGroupName() {
        return "test";
    }

    public String getLogStreamName() {
        return "test";
    }

    public String getFunctionName() {
        return "test";
    }

    public String getFunctionVersion() {
        return "test";
    }

    public String getInvokedFunctionArn() {
        return "test";
    }

    public CognitoIdentity getIdentity() {
        return null;
    }

    public ClientContext getClientContext() {
        return null;
    }

    public int getMemoryLimitInMB() {
        return 512;
    }

    public LambdaLogger getLogger() {
        return null;
    }
}
