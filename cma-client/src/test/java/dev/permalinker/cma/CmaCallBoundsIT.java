package dev.permalinker.cma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every CMA call is bounded as a whole, in time and in bytes, against a raw loopback server that misbehaves on
 * purpose: headers then a stalled body, and bodies past the call's byte limit (declared, or chunked and growing).
 * A call must end within its timeout and drop the connection; today's request timeout alone covers the headers only.
 */
class CmaCallBoundsIT {
    private static final String STACK = "bltstackone";
    private static final String ASSET = "blt0a1b2c3d4e5f6789";
    /** A guard against a hang, far above the call's timeout; the test asserts the kind of failure, not the time. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);

    private final ServerSocket server = listen();
    private final AtomicBoolean clientClosed = new AtomicBoolean();
    private final AtomicLong bytesWritten = new AtomicLong();
    private volatile Thread serving;

    private static ServerSocket listen() {
        try {
            return new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        if (serving != null) {
            serving.interrupt();
            serving.join(5_000);
        }
    }

    /** Reads the request's head, writes {@code head} and {@code body}, then: stalls, or writes chunks forever. */
    private void serve(String head, byte[] body, boolean stallAfter, boolean chunkForever) {
        serving = new Thread(() -> {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                readHead(in);
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                bytesWritten.addAndGet(body.length);
                if (chunkForever) {
                    byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    while (!Thread.currentThread().isInterrupted()) {
                        out.write(chunk);
                        out.flush();
                        bytesWritten.addAndGet(0x10000);
                    }
                }
                if (stallAfter) {
                    // The client's read of the rest never completes; a closed connection ends this read with -1.
                    while (in.read() >= 0) {
                        // Nothing more is expected from the client.
                    }
                    clientClosed.set(true);
                }
            } catch (IOException e) {
                // A write to a connection the client dropped: what a bounded client does.
                clientClosed.set(true);
            }
        }, "misbehaving-cma");
        serving.setDaemon(true);
        serving.start();
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private ContentstackClient client() {
        return ContentstackClient.create(baseUrl(), ManagementTokens.single(STACK, "token-one"), JsonCodec.create());
    }

    @Test
    void getAsset_headersThenAStalledBody_failsWithinItsTimeoutAndDropsTheConnection() {
        serve("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n",
                "{\"asset\":".getBytes(StandardCharsets.US_ASCII), true, false);

        assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(
                () -> client().getAsset(STACK, "main", ASSET, Duration.ofSeconds(1)))
                .isInstanceOf(HttpTimeoutException.class)
                .hasMessageContaining("GET /v3/assets/" + ASSET));
        await().atMost(Duration.ofSeconds(10)).untilTrue(clientClosed);
    }

    @Test
    void executions_headersThenAStalledBody_failsWithinItsTimeout() {
        serve("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                "5\r\n{\"web\r\n".getBytes(StandardCharsets.US_ASCII), true, false);
        StackWebhooks webhooks = StackWebhooks.create(baseUrl(), ManagementTokens.single(STACK, "token-one"),
                JsonCodec.create());

        assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(() -> webhooks.executions(STACK,
                "bltwebhook01", Optional.empty(), Optional.empty(), Duration.ofSeconds(1)))
                .isInstanceOf(HttpTimeoutException.class));
    }

    @Test
    void getAsset_declaredBodyPastTheAssetLimit_refusedUnread() {
        serve("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + (CmaLimits.ASSET + 1)
                + "\r\n\r\n", "{\"asset\":".getBytes(StandardCharsets.US_ASCII), true, false);

        assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(
                () -> client().getAsset(STACK, "main", ASSET, Duration.ofSeconds(10)))
                .isInstanceOf(CmaAnswerTooLargeException.class)
                .hasMessage("the answer to GET /v3/assets/" + ASSET + " exceeds " + CmaLimits.ASSET
                        + " bytes; not read"));
        await().atMost(Duration.ofSeconds(10)).untilTrue(clientClosed);
    }

    @Test
    void getAsset_chunkedBodyGrowingPastTheAssetLimit_refusedAndTheConnectionDropped() {
        serve("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                new byte[0], false, true);

        assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(
                () -> client().getAsset(STACK, "main", ASSET, Duration.ofSeconds(10)))
                .isInstanceOf(CmaAnswerTooLargeException.class));
        await().atMost(Duration.ofSeconds(10)).untilTrue(clientClosed);
        // The server stopped writing soon after the limit: the rest was never pulled in.
        assertThat(bytesWritten.get()).isLessThan(CmaLimits.ASSET * 8);
    }

    @Test
    void getAsset_bodyJustUnderTheLimit_readWhole() throws Exception {
        String filler = "x".repeat((int) CmaLimits.ASSET - 100);
        byte[] body = ("{\"asset\":{\"uid\":\"" + ASSET + "\",\"filename\":\"" + filler + "\"}}")
                .getBytes(StandardCharsets.US_ASCII);
        serve("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n",
                body, false, false);

        CmaResponse response = client().getAsset(STACK, "main", ASSET, Duration.ofSeconds(10));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.asset()).map(CmaAsset::filename).contains(filler);
        assertThat(response.body()).hasSize(body.length);
    }
}
