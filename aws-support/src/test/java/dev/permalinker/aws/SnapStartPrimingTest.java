package dev.permalinker.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import software.amazon.awssdk.services.sqs.SqsClient;

class SnapStartPrimingTest {
    private final AtomicInteger restores = new AtomicInteger();

    private SnapStartPriming<String> priming(boolean fails) {
        return new SnapStartPriming<>() {
            @Override
            protected String run() throws IOException {
                assertThat(MDC.get("phase")).isEqualTo("priming");
                if (fails) {
                    throw new IOException("loopback refused");
                }
                return "ran";
            }

            @Override
            protected String incomplete() {
                return "incomplete";
            }

            @Override
            protected void restored() {
                restores.incrementAndGet();
            }
        };
    }

    @Test
    void prime_reportsTheRunAndMarksItsLinesAsPriming() {
        assertThat(priming(false).prime()).isEqualTo("ran");
        assertThat(MDC.get("phase")).isNull();
    }

    @Test
    void prime_failureNeverEscapes_initMustNotFail() throws Exception {
        SnapStartPriming<String> failing = priming(true);

        failing.beforeCheckpoint(null);

        assertThat(failing.prime()).isEqualTo("incomplete");
        assertThat(MDC.get("phase")).isNull();
        failing.afterRestore(null);
        assertThat(restores).hasValue(1);
    }

    @Test
    void readQueue_falseWhenSqsDoesNotAnswer() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + closedPort);
        try (SqsClient sqs = AwsClients.local(endpoint).sqs(Duration.ofSeconds(2))) {
            assertThat(SnapStartPriming.readQueue(sqs, "http://127.0.0.1:" + closedPort + "/000000000000/q.fifo"))
                    .isFalse();
        }
    }
}
