package dev.permalinker.telemetry;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.MDC;

/**
 * One Lambda invocation's logging and metrics scope: its request id in the MDC ({@value #REQUEST_ID}) while it runs,
 * the metrics flushed and the id removed when it ends, and the time the runtime still gives it handed to the body.
 */
public final class Invocation {
    /** The MDC key of the invocation's request id, on every log line it writes. */
    public static final String REQUEST_ID = "requestId";
    /** The time left when there is no context: a direct call, as in a test. */
    public static final Duration WITHOUT_CONTEXT = Duration.ofMinutes(1);

    /** What the handler does with the time it has left. */
    @FunctionalInterface
    public interface Body {
        void run(Duration remaining) throws IOException;
    }

    private Invocation() {
    }

    /** Runs {@code body} in the scope of {@code context} ({@code null} for none), then flushes {@code metrics}. */
    public static void run(Context context, Metrics metrics, Body body) throws IOException {
        if (context != null && context.getAwsRequestId() != null) {
            MDC.put(REQUEST_ID, context.getAwsRequestId());
        }
        try {
            body.run(context != null ? Duration.ofMillis(context.getRemainingTimeInMillis()) : WITHOUT_CONTEXT);
        } finally {
            metrics.flush();
            MDC.remove(REQUEST_ID);
        }
    }
}
