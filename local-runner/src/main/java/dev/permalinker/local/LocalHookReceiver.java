package dev.permalinker.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for a build hook in the demo and benchmarks: a loopback endpoint that records every POST and says 200. */
public final class LocalHookReceiver implements AutoCloseable {
    /** One call: when it arrived ({@link System#nanoTime()}) and its JSON body. */
    public record Call(long atNanos, String body) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private LocalHookReceiver(HttpServer server) {
        this.server = server;
    }

    public static LocalHookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            LocalHookReceiver receiver = new LocalHookReceiver(server);
            server.createContext("/hooks/release", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                receiver.calls.add(new Call(System.nanoTime(), new String(body, StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/release");
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
