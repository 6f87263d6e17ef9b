package dev.permalinker.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.ingest.IngestConfig;
import dev.permalinker.ingest.IngestHandler;
import dev.permalinker.ingest.IngestService;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.WebhookPayloads;
import dev.permalinker.telemetry.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code serve}'s HTTP server against clients that send their request slowly, or never finish it. */
class IngestHttpServerIT {
    private static final String API_KEY = "bltlocalstack00001";
    private static final String SECRET = "local-secret";
    /** Short, so the test is quick; the clients below wait far longer than it. */
    private static final Duration READ_TIMEOUT = Duration.ofMillis(500);
    /** How long a test client waits for the server to act: a failure, not a measurement. */
    private static final int CLIENT_WAIT_MS = 15_000;

    private final JsonCodec json = JsonCodec.create();
    private final List<PermalinkJob> queued = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private IngestHttpServer server;

    @BeforeEach
    void start() {
        IngestConfig config = IngestConfig.fromEnv(Map.of("CS_APIKEY", API_KEY, "CS_SIGNATURE_METHOD", "none",
                "CS_SECRET", SECRET, "QUEUE_URL", "http://127.0.0.1:1/queue/jobs.fifo"));
        IngestService service = IngestService.create(config, json, queued::add, Clock.systemUTC());
        server = IngestHttpServer.start("127.0.0.1", 0, new IngestHandler(service, json, Metrics.NONE, null), json,
                READ_TIMEOUT);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        server.close();
    }

    private Socket connect(String sent) throws IOException {
        Socket socket = new Socket(server.baseUrl().getHost(), server.baseUrl().getPort());
        sockets.add(socket);
        socket.setSoTimeout(CLIENT_WAIT_MS);
        OutputStream out = socket.getOutputStream();
        out.write(sent.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Whether the server closed the connection (end of stream or reset) before the client stopped waiting. */
    private static boolean closedByTheServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void start_headersSentSlowly_connectionClosed() throws Exception {
        Socket socket = connect("POST /webhooks/contentstack HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");

        assertThat(closedByTheServer(socket)).as("connection closed by the server").isTrue();
    }

    @Test
    void start_bodyStalled_connectionClosedAndNothingQueued() throws Exception {
        Socket socket = connect("POST /webhooks/contentstack HTTP/1.1\r\nHost: 127.0.0.1\r\nsecret: " + SECRET
                + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"event\":");

        assertThat(closedByTheServer(socket)).as("connection closed by the server").isTrue();
        assertThat(queued).isEmpty();
    }

    @Test
    void start_moreStalledClientsThanThreads_laterRequestsStillAnswered() throws Exception {
        for (int i = 0; i < 24; i++) {
            connect("POST /webhooks/contentstack HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{");
        }
        HttpClient client = HttpClient.newHttpClient();
        byte[] body = WebhookPayloads.assetCreated(json, API_KEY, "bltasset00000001", "a.png",
                "https://images.contentstack.io/v3/assets/" + API_KEY + "/bltasset00000001/0123/a.png", "image/png");

        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/healthz"))
                .timeout(Duration.ofMillis(CLIENT_WAIT_MS)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> webhook = client.send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + IngestService.PATH)).timeout(Duration.ofMillis(CLIENT_WAIT_MS))
                .header("secret", SECRET).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(202);
        assertThat(queued).extracting(PermalinkJob::assetUid).containsExactly("bltasset00000001");
    }
}
