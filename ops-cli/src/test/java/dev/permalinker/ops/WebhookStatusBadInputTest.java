package dev.permalinker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.permalinker.model.JsonCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** webhook status against a CMA whose webhook list is odd: a report, never a crash, never a credential. */
class WebhookStatusBadInputTest {
    private static final String TOKEN = "cs-management-token-value";

    private HttpServer cma;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        if (cma != null) {
            cma.stop(0);
        }
    }

    private int run(String list, String... args) throws Exception {
        cma = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cma.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = (path.endsWith("/executions") ? "{\"webhooks\":[]}" : list)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        cma.start();
        Map<String, String> env = Map.of("CS_APIKEY", "bltstack", "CS_MANAGEMENTTOKEN", TOKEN,
                "CS_CMA_URL", "http://127.0.0.1:" + cma.getAddress().getPort());
        String[] all = new String[args.length + 2];
        all[0] = "webhook";
        all[1] = "status";
        System.arraycopy(args, 0, all, 2, args.length);
        return OpsCli.run(all, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static final String ODD = "{\"webhooks\":[{\"uid\":\"not a uid/..\",\"name\":\"odd\","
            + "\"channels\":[\"assets.create\"],\"destinations\":[{\"target_url\":\"https://ingest.example.com/h\"}],"
            + "\"retry_policy\":\"automatic\"},"
            + "{\"uid\":\"bltgood\",\"name\":\"good\",\"channels\":\"assets.create\","
            + "\"destinations\":[{\"target_url\":\"https://user:pa55word@ingest.example.com/webhooks/contentstack\","
            + "\"http_basic_auth\":\"user\",\"http_basic_password\":\"pa55word\",\"custom_header\":[{\"header_name\":"
            + "\"secret\",\"value\":\"hdr-s3cret\"}]}],\"retry_policy\":\"automatic\"}]}";

    @Test
    void status_webhookWithUnsafeUid_reportedNotCrashed() throws Exception {
        int exit = run(ODD, "--json");

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isIn(0, 1);
        assertThat(JsonCodec.create().readTree(out.toByteArray()).path("stacks").isArray()).isTrue();
    }

    @Test
    void status_neverPrintsCredentials() throws Exception {
        run(ODD);
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        out.reset();
        err.reset();
        cma.stop(0);
        run(ODD, "--json");
        text += out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);

        assertThat(text).doesNotContain(TOKEN, "pa55word", "hdr-s3cret");
    }

    @Test
    void status_listNotAnArray_clearErrorExit1() throws Exception {
        int exit = run("{\"webhooks\":\"none\"}");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("webhooks");
    }

    @Test
    void redacted_userInfoQueryAndFragment() {
        assertThat(WebhookStatusCommand.redacted("https://u:p@h.example.com/x@y?a=b@c"))
                .isEqualTo("https://***@h.example.com/x@y?***");
        assertThat(WebhookStatusCommand.redacted("https://h.example.com/hook?token=s3cret#k"))
                .isEqualTo("https://h.example.com/hook?***");
        assertThat(WebhookStatusCommand.redacted("https://h.example.com/hook#s3cret"))
                .isEqualTo("https://h.example.com/hook#***");
        assertThat(WebhookStatusCommand.redacted("https://h.example.com/x@y")).isEqualTo("https://h.example.com/x@y");
        assertThat(WebhookStatusCommand.redacted("not a url @ all")).isEqualTo("not a url @ all");
        assertThat(WebhookStatusCommand.redacted("http://a:b@c@h:8080")).isEqualTo("http://***@h:8080");
    }
}
