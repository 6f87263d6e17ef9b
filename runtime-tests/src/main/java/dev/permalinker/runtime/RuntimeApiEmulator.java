package dev.permalinker.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Lambda Runtime API, as much of it as the runtime interface client uses, on loopback: it hands out queued
 * events at {@code GET /runtime/invocation/next} with Lambda's headers and records what the function posts back.
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
 */
public final class RuntimeApiEmulator implements AutoCloseable {
    public static final String FUNCTION_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:permalinker:live";
    private static final String PREFIX = "/2018-06-01/runtime/";

    /** What the function answered: its response, or an error it reported (type and JSON body). */
    public record Answer(String requestId, boolean error, String errorType, String body) {
    }

    private record Pending(String requestId, byte[] event, long deadlineMs) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "runtime-api");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Answer>> answers = new ConcurrentHashMap<>();
    private final CompletableFuture<Answer> initError = new CompletableFuture<>();

    public RuntimeApiEmulator() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PREFIX, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues one event and waits for the function's answer. */
    public Answer invoke(String event, Duration timeout) throws InterruptedException, TimeoutException {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        answers.put(requestId, answer);
        pending.add(new Pending(requestId, event.getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis() + Duration.ofSeconds(60).toMillis()));
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            answers.remove(requestId);
        }
    }

    /** The error the function reported at {@code /runtime/init/error}, waiting at most {@code timeout}. */
    public Answer initError(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return initError.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            String text = new String(body, StandardCharsets.UTF_8);
            String errorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
            if (method.equals("POST") && path.equals("init/error")) {
                initError.complete(new Answer(null, true, errorType, text));
                respond(exchange, 202);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/response")) {
                complete(path, new Answer(requestId(path), false, null, text));
                respond(exchange, 202);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/error")) {
                complete(path, new Answer(requestId(path), true, errorType, text));
                respond(exchange, 202);
            } else {
                respond(exchange, 404);
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Pending event;
        try {
            // The runtime client waits as long as it takes, as on Lambda; a closed emulator ends the wait.
            event = null;
            while (event == null && !executor.isShutdown()) {
                event = pending.poll(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (event == null) {
            return;
        }
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", event.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(event.deadlineMs()));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, event.event().length);
        exchange.getResponseBody().write(event.event());
    }

    private void complete(String path, Answer answer) {
        CompletableFuture<Answer> future = answers.get(requestId(path));
        if (future != null) {
            future.complete(answer);
        }
    }

    private static String requestId(String path) {
        return path.substring("invocation/".length(), path.lastIndexOf('/'));
    }

    private static void respond(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        server.stop(0);
    }
}
