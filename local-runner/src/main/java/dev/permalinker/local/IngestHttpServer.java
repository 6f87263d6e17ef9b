package dev.permalinker.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.permalinker.ingest.ErrorCode;
import dev.permalinker.ingest.InboundRequest;
import dev.permalinker.ingest.IngestResult;
import dev.permalinker.ingest.IngestHandler;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest over plain HTTP, for the local runner: the same {@link IngestHandler} the Lambda runs, built by its
 * composition root, behind the JDK's HTTP server, plus {@code GET /healthz}. While draining for shutdown it answers
 * 503 so Contentstack retries later.
 *
 * <p>A request must arrive whole (request line, headers and body) within the read timeout
 * ({@link #DEFAULT_READ_TIMEOUT}) of its first byte: a client that sends its headers slowly or stalls its body
 * (slowloris) is cut off, so a handful of them cannot hold every one of the server's threads. The JDK server reads
 * a request on the executor's thread from a blocking {@code SocketChannel}, an interruptible channel: interrupting
 * that thread closes the connection and ends the read
 * (https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/nio/channels/InterruptibleChannel.html). Its
 * own {@code sun.net.httpserver.maxReqTime} is a JVM-wide property read once, so it is not used.
 */
public final class IngestHttpServer implements AutoCloseable {
    /**
     * Contentstack sends a webhook's request at once (a few KiB); ten seconds leave room for a slow network and none
     * for a client that trickles.
     */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(IngestHttpServer.class);
    private static final int THREADS = 16;
    /** The current request's read watch, on the thread that reads it. */
    private static final ThreadLocal<ReadWatch> WATCH = new ThreadLocal<>();
    private final HttpServer server;
    private final ExecutorService executor;
    private final ScheduledExecutorService watchdog;
    private final IngestHandler ingest;
    private final JsonCodec json;
    private volatile boolean draining;

    private IngestHttpServer(HttpServer server, ExecutorService executor, ScheduledExecutorService watchdog,
                             IngestHandler ingest, JsonCodec json) {
        this.server = server;
        this.executor = executor;
        this.watchdog = watchdog;
        this.ingest = ingest;
        this.json = json;
    }

    public static IngestHttpServer start(String bind, int port, IngestHandler handler, JsonCodec json) {
        return start(bind, port, handler, json, DEFAULT_READ_TIMEOUT);
    }

    /** @param readTimeout how long a request may take to arrive whole, from its first byte */
    public static IngestHttpServer start(String bind, int port, IngestHandler handler, JsonCodec json,
            Duration readTimeout) {
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("the read timeout must be positive: " + readTimeout);
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread thread = new Thread(r, "ingest-http");
            thread.setDaemon(true);
            return thread;
        });
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ingest-http-read-timeout");
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 512);
            IngestHttpServer ingest = new IngestHttpServer(server, executor, watchdog, handler, json);
            server.createContext("/", ingest::handle);
            server.setExecutor(watched(executor, watchdog, readTimeout));
            server.start();
            return ingest;
        } catch (IOException e) {
            executor.shutdownNow();
            watchdog.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + bind + ":" + port, e);
        }
    }

    /**
     * Every task the JDK server gives the executor starts by reading a request: it runs under a {@link ReadWatch}
     * that interrupts it when the read outlasts {@code readTimeout}; the handler ends the watch once the body is read.
     */
    private static Executor watched(ExecutorService executor, ScheduledExecutorService watchdog,
                                    Duration readTimeout) {
        return task -> executor.execute(() -> {
            ReadWatch watch = new ReadWatch(Thread.currentThread());
            watch.timer = watchdog.schedule(watch::expire, readTimeout.toNanos(), TimeUnit.NANOSECONDS);
            WATCH.set(watch);
            try {
                task.run();
            } finally {
                WATCH.remove();
                watch.end();
                // An interrupt that landed after the task's last read must not reach the pool's next task.
                Thread.interrupted();
            }
        });
    }

    public URI baseUrl() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
        return URI.create("http://" + host + ":" + address.getPort());
    }

    /** From now on webhooks are answered 503 ({@code queue_unavailable}); health says draining. */
    public void drain() {
        draining = true;
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        watchdog.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/healthz") && exchange.getRequestMethod().equals("GET")) {
                readInTime();
                respond(exchange, draining ? 503 : 200, Map.of("status", draining ? "draining" : "ok"), false);
                return;
            }
            IngestResult result;
            if (draining) {
                readInTime();
                result = new IngestResult.Rejected(ErrorCode.QUEUE_UNAVAILABLE, "shutting down, retry later");
            } else {
                byte[] body = readAtMost(exchange.getRequestBody(), ingest.maxBodyBytes() + 1);
                readInTime();
                result = ingest.handle(new InboundRequest(exchange.getRequestMethod(), path, headers(exchange),
                        body));
            }
            respond(exchange, result.status(), result.body(), result.status() == 405);
        } catch (IOException e) {
            LOG.atDebug().addKeyValue("outcome", "client_gone").addKeyValue("detail", e.toString())
                    .log("the client left before the answer");
        } catch (RuntimeException | Error e) {
            LOG.atError().addKeyValue("outcome", "ingest_http_failed").setCause(e).log("the local ingest failed");
            throw e;
        }
    }

    /**
     * Ends the request's read watch: what follows (the queue, the answer) is not bounded by the read timeout. When the
     * watch expired as the read ended, the interrupt it set is cleared (it must not reach the queue's client) and the
     * request is dropped as a client gone.
     */
    private static void readInTime() throws IOException {
        ReadWatch watch = WATCH.get();
        if (watch != null && !watch.end()) {
            Thread.interrupted();
            throw new IOException("the request took longer than the read timeout");
        }
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        return headers;
    }

    /** Reads no more than {@code limit} bytes: enough to tell an oversized body without holding all of it. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        // The rest of an oversized body is left unread: the server discards it when the exchange closes.
        return in.readNBytes(limit);
    }

    private void respond(HttpExchange exchange, int status, Map<String, Object> body, boolean allowPost)
            throws IOException {
        byte[] bytes = json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put("Content-Type", List.of("application/json"));
        if (allowPost) {
            exchange.getResponseHeaders().put("Allow", List.of("POST"));
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The read of one request: expires (interrupting its thread) unless ended first; one of the two wins. */
    private static final class ReadWatch {
        private final Thread reader;
        private ScheduledFuture<?> timer;
        private boolean ended;
        private boolean expired;

        ReadWatch(Thread reader) {
            this.reader = reader;
        }

        synchronized void expire() {
            if (!ended) {
                expired = true;
                LOG.atInfo().addKeyValue("outcome", "read_timeout")
                        .log("a client took too long to send its request: connection closed");
                reader.interrupt();
            }
        }

        /** @return {@code true} when the request was read in time, {@code false} when the watch had expired */
        synchronized boolean end() {
            if (!ended) {
                ended = true;
                timer.cancel(false);
            }
            return !expired;
        }
    }
}
