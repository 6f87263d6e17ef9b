package dev.permalinker.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A build hook on a loopback port: records every call and answers the scripted statuses, then 200. */
final class HookReceiver implements AutoCloseable {
    record Call(Instant at, Map<String, String> headers, JsonNode body, int answered) {
    }

    private final HttpServer server;
    private final JsonCodec json = JsonCodec.create();
    private final Deque<Integer> script = new ArrayDeque<>();
    private volatile int afterScript = 200;
    final List<Call> calls = new CopyOnWriteArrayList<>();

    HookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hooks/build", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status;
            synchronized (script) {
                status = script.isEmpty() ? afterScript : script.poll();
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            calls.add(new Call(Instant.now(), headers, json.readTree(body), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** Answers these statuses first, in order. */
    HookReceiver answering(Integer... statuses) {
        synchronized (script) {
            script.addAll(List.of(statuses));
        }
        return this;
    }

    /** Answers {@code status} once the script is used up. */
    HookReceiver thenAlways(int status) {
        afterScript = status;
        return this;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/build");
    }

    List<Call> succeeded() {
        return calls.stream().filter(c -> c.answered() / 100 == 2).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
