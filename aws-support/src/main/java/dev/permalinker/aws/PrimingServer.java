package dev.permalinker.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@link SnapStartPriming} talks to instead of a real service: an HTTP server on a loopback port inside this
 * process whose routes answer as the service does (the CMA, SQS), so the clients' request building and answer
 * parsing run before the snapshot and no call leaves the process. It counts the requests it answered; closing it
 * stops it. A function's priming gives only its routes: which requests it replays, and what they answer.
 */
public final class PrimingServer implements AutoCloseable {
    /** The placeholder stack of priming's assets and jobs. */
    public static final String STACK = "bltprimingstack0";

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    /** Answers one request. */
    @FunctionalInterface
    public interface Route {
        Answer answer(Request request) throws IOException;
    }

    /** A request as a route sees it; {@code body} is a missing node when the request has none. */
    public record Request(String method, String path, Headers headers, JsonNode body) {
    }

    /** What a route answers: a status, a content type, more headers and a body written as JSON. */
    public record Answer(int status, String contentType, Map<String, String> headers, Object body) {
        /** The CMA's answer: 200, JSON and Contentstack's rate-limit headers, which the CMA client reads. */
        public static Answer cma(Object body) {
            return new Answer(200, "application/json", Map.of("X-RateLimit-Limit", "10",
                    "X-RateLimit-Remaining", "9"), body);
        }

        /** An answer in the AWS JSON protocol the SDK speaks to SQS. */
        public static Answer awsJson(int status, Object body) {
            return new Answer(status, "application/x-amz-json-1.0", Map.of(), body);
        }
    }

    private PrimingServer(HttpServer server) {
        this.server = server;
    }

    /** Starts a server on a loopback port with one route per path prefix. */
    public static PrimingServer start(JsonCodec json, Map<String, Route> routes) throws IOException {
        PrimingServer priming = new PrimingServer(HttpServer.create(new InetSocketAddress(
                InetAddress.getLoopbackAddress(), 0), 0));
        routes.forEach((path, route) -> priming.server.createContext(path, exchange -> {
            priming.requests.incrementAndGet();
            byte[] received = exchange.getRequestBody().readAllBytes();
            Answer answer = route.answer(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(), received.length == 0 ? MissingNode.getInstance()
                    : json.readTree(received)));
            byte[] body = json.writeBytes(answer.body());
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }));
        priming.server.start();
        return priming;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many requests the routes answered. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * SQS's {@code SendMessage} as the SDK expects it (with the body's MD5, which the SDK checks), keeping the bodies
     * it was sent; any other action is refused. Route it at {@code /}.
     * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
     */
    public static Route sqsSendMessage(List<String> sentBodies) {
        return request -> {
            String target = String.valueOf(request.headers().getFirst("X-Amz-Target"));
            if (!target.endsWith(".SendMessage")) {
                return Answer.awsJson(400, Map.of("__type", "com.amazonaws.sqs#UnsupportedOperation",
                        "message", "priming endpoint: SendMessage only"));
            }
            String body = request.body().path("MessageBody").asText();
            synchronized (sentBodies) {
                sentBodies.add(body);
            }
            return Answer.awsJson(200, Map.of("MD5OfMessageBody", md5(body), "MessageId",
                    UUID.randomUUID().toString(), "SequenceNumber", "1"));
        };
    }

    /**
     * A CMA asset of {@link #STACK} as {@code GET /v3/assets} answers it: a PNG on {@code imagesHost}, not a folder.
     * Mutable, for a route to add what its requests need ({@code created_at}, {@code permanent_url}).
     */
    public static Map<String, Object> cmaAsset(String imagesHost, String uid) {
        Map<String, Object> asset = new LinkedHashMap<>();
        asset.put("uid", uid);
        asset.put("filename", "priming.png");
        asset.put("title", "priming.png");
        asset.put("url", assetUrl(imagesHost, uid));
        asset.put("content_type", "image/png");
        asset.put("file_size", "1024");
        asset.put("is_dir", false);
        return asset;
    }

    /** The URL of such an asset, as the CMA gives it. */
    public static String assetUrl(String imagesHost, String uid) {
        return "https://" + imagesHost + "/v3/assets/" + STACK + "/" + uid + "/0123456789abcdef/priming.png";
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }
}
