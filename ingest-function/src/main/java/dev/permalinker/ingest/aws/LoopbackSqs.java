package dev.permalinker.ingest.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An SQS-compatible endpoint on a loopback port, for SnapStart priming only: answers {@code SendMessage} in the AWS
 * JSON protocol the SDK speaks, with the body's MD5 the SDK checks, and keeps the bodies it was sent.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 */
final class LoopbackSqs {
    private LoopbackSqs() {
    }

    static HttpServer start(JsonCodec json, List<String> sentBodies) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            JsonNode request = json.readTree(exchange.getRequestBody().readAllBytes());
            byte[] answer;
            int status = 200;
            if (target.endsWith(".SendMessage")) {
                String body = request.path("MessageBody").asText();
                synchronized (sentBodies) {
                    sentBodies.add(body);
                }
                answer = json.writeBytes(Map.of("MD5OfMessageBody", md5(body), "MessageId",
                        UUID.randomUUID().toString(), "SequenceNumber", "1"));
            } else {
                status = 400;
                answer = json.writeBytes(Map.of("__type", "com.amazonaws.sqs#UnsupportedOperation",
                        "message", "priming endpoint: SendMessage only"));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        return server;
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
