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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest over plain HTTP, for the local runner: the same {@link IngestHandler} the Lambda runs, built by its
 * composition root, behind the JDK's HTTP server, plus {@code GET /healthz}. While draining for shutdown it answers
 * 503 so Contentstack retries later.
 */
public final class IngestHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestHttpServer.class);
    private final HttpServer server;
    private final ExecutorService executor;
    private final IngestHandler ingest;
    private final JsonCodec json;
    private volatile boolean draining;

    private IngestHttpServer(HttpServer server, ExecutorService executor, IngestHandler ingest, JsonCodec json) {
        this.server = server;
        this.executor = executor;
        this.ingest = ingest;
        this.json = json;
    }

    public static IngestHttpServer start(String bind, int port, IngestHandler handler, JsonCodec json) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 512);
            ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
                Thread thread = new Thread(r, "ingest-http");
                thread.setDaemon(true);
                return thread;
            });
            IngestHttpServer ingest = new IngestHttpServer(server, executor, handler, json);
            server.createContext("/", ingest::handle);
            server.setExecutor(executor);
            server.start();
            return ingest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bind + ":" + port, e);
        }
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
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/healthz") && exchange.getRequestMethod().equals("GET")) {
                respond(exchange, draining ? 503 : 200, Map.of("status", draining ? "draining" : "ok"), false);
                return;
            }
            IngestResult result;
            if (draining) {
                result = new IngestResult.Rejected(ErrorCode.QUEUE_UNAVAILABLE, "shutting down, retry later");
            } else {
                result = ingest.handle(new InboundRequest(exchange.getRequestMethod(), path,
                        headers(exchange), readAtMost(exchange.getRequestBody(), ingest.maxBodyBytes() + 1)));
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
}
