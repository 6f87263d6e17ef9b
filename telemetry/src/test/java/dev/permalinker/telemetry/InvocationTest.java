package dev.permalinker.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class InvocationTest {
    /** Counts its flushes. */
    private static final class CountingMetrics implements Metrics {
        int flushes;

        @Override
        public void record(PipelineMetric metric, String dimensionValue, double value) {
        }

        @Override
        public void flush() {
            flushes++;
        }
    }

    /** A context with a request id and the time left; nothing else is asked of it. */
    private record FakeContext(String requestId, int remainingMillis) implements Context {
        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return remainingMillis;
        }

        @Override
        public String getLogGroupName() {
            return null;
        }

        @Override
        public String getLogStreamName() {
            return null;
        }

        @Override
        public String getFunctionName() {
            return null;
        }

        @Override
        public String getFunctionVersion() {
            return null;
        }

        @Override
        public String getInvokedFunctionArn() {
            return null;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 0;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }

    @Test
    void run_requestIdInTheMdcWhileItRuns_remainingTimeGiven_metricsFlushedAfter() throws IOException {
        CountingMetrics metrics = new CountingMetrics();
        List<String> seen = new ArrayList<>();

        Invocation.run(new FakeContext("req-1", 30_000), metrics, remaining -> {
            seen.add(MDC.get(Invocation.REQUEST_ID));
            seen.add(remaining.toString());
        });

        assertThat(seen).containsExactly("req-1", Duration.ofSeconds(30).toString());
        assertThat(MDC.get(Invocation.REQUEST_ID)).isNull();
        assertThat(metrics.flushes).isEqualTo(1);
    }

    @Test
    void run_noContext_aMinute() throws IOException {
        List<Duration> seen = new ArrayList<>();

        Invocation.run(null, new CountingMetrics(), seen::add);

        assertThat(seen).containsExactly(Invocation.WITHOUT_CONTEXT);
    }

    @Test
    void run_bodyFails_stillFlushedAndCleared() {
        CountingMetrics metrics = new CountingMetrics();

        assertThatThrownBy(() -> Invocation.run(new FakeContext("req-2", 1_000), metrics, remaining -> {
            throw new IOException("broken");
        })).hasMessage("broken");
        assertThat(MDC.get(Invocation.REQUEST_ID)).isNull();
        assertThat(metrics.flushes).isEqualTo(1);
    }
}
