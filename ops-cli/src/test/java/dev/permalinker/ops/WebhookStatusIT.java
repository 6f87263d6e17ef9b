package dev.permalinker.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedWebhook;
import dev.permalinker.simulator.WebhookDelivery;
import dev.permalinker.simulator.WebhookSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code permalinker-ops webhook status} against the simulated stack, its webhooks and their executions. */
class WebhookStatusIT {
    private static final String API_KEY = "bltopsstack0000001";
    private static final String TOKEN = "ops-token";
    private static final JsonCodec JSON = JsonCodec.create();

    private record Run(int exit, String out, String err) {
    }

    private final ContentstackSimulator cma = ContentstackSimulator.start(0, TOKEN, 100);
    /** The deployment's ingest, answering every delivery with {@link #answer}. */
    private volatile int answer = 202;
    private final HttpServer ingest = startIngest();

    private HttpServer startIngest() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.createContext("/webhooks/contentstack", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    byte[] body = "{\"error\":{\"code\":\"queue_unavailable\"}}".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(answer, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String ingestUrl() {
        return "http://127.0.0.1:" + ingest.getAddress().getPort() + "/webhooks/contentstack";
    }

    @AfterEach
    void stop() {
        cma.close();
        ingest.stop(0);
    }

    private Run ops(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("CS_APIKEY", API_KEY);
        env.put("CS_MANAGEMENTTOKEN", TOKEN);
        env.put("CS_CMA_URL", cma.baseUrl().toString());
        env.put("PUBLIC_WEBHOOK_URL", ingestUrl());
        List<String> all = new ArrayList<>(List.of("webhook", "status"));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OpsCli.run(all.toArray(String[]::new), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void healthyWebhook_exit0WithItsSettingsAndExecutions() {
        cma.webhookDelivery(WebhookDelivery.scaled(0.0002));
        SimulatedWebhook webhook = cma.addWebhook(API_KEY, WebhookSpec.assetCreations("Permalinker", ingestUrl()));
        cma.addWebhook(API_KEY, WebhookSpec.assetCreations("Search index", "https://search.example/hook")
                .withChannels("content_types.entries.publish"));
        cma.createAsset(API_KEY, "blthealthy00001", "a.png", "image/png");
        await().atMost(Duration.ofSeconds(20)).until(() -> cma.pendingWebhookDeliveries() == 0);

        Run run = ops();

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("[ok] Permalinker (" + webhook.uid() + ")")
                .contains("[other] Search index")
                .contains("channels     assets.create")
                .contains("destination  " + ingestUrl())
                .contains("enabled yes, unhealthy no, retry policy automatic, concise payload off, branches main")
                .contains("202")
                .contains("asset blthealthy00001")
                .contains("verdict: ok");
    }

    @Test
    void webhookNamedWithTerminalEscapeSequences_printedAsTextNeverAsControls() {
        // Clear screen, set the window title, ring the bell, then flip the text's direction: any stack editor can
        // name a webhook so.
        String name = "Evil\u001B[2J\u001B]0;pwned\u0007 hook\u009B31m\u202Egpj.exe\r\nverdict: ok";
        SimulatedWebhook webhook = cma.addWebhook(API_KEY, WebhookSpec.assetCreations(name, ingestUrl()));
        cma.tripCircuitBreaker(webhook.uid());

        Run run = ops();

        assertThat(run.out()).contains("Evil?[2J?]0;pwned? hook?31m?gpj.exe??verdict: ok (" + webhook.uid() + ")")
                .contains("verdict: FAILING: \"Evil?[2J?]0;pwned? hook?31m?gpj.exe??verdict: ok\"");
        assertThat(run.out().chars().filter(c -> c < 0x20 && c != '\n' && c != '\r' || c == 0x7F
                || c >= 0x80 && c <= 0x9F || c == 0x202E)).isEmpty();
        assertThat(run.out().lines().filter(line -> line.startsWith("verdict:"))).hasSize(1);
    }

    @Test
    void disabledByTheCircuitBreaker_exit1NamingItAndItsFailedExecutionsFirst() {
        cma.webhookDelivery(WebhookDelivery.scaled(0.0002));
        answer = 202;
        SimulatedWebhook webhook = cma.addWebhook(API_KEY, WebhookSpec.assetCreations("Permalinker", ingestUrl()));
        cma.createAsset(API_KEY, "bltbefore0000001", "a.png", "image/png");
        await().atMost(Duration.ofSeconds(20)).until(() -> cma.pendingWebhookDeliveries() == 0);
        answer = 503;
        for (int i = 0; i < 2; i++) {
            cma.createAsset(API_KEY, "bltoutage000000" + i, i + ".png", "image/png");
            await().atMost(Duration.ofSeconds(20)).until(() -> cma.pendingWebhookDeliveries() == 0);
        }
        assertThat(cma.webhook(webhook.uid()).disabled()).isTrue();

        Run run = ops();
        Run json = ops("--json");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("[FAILING] Permalinker (" + webhook.uid() + ")")
                .contains("enabled no, unhealthy yes")
                .contains("findings     disabled, unhealthy")
                .contains("\"Permalinker\" (" + webhook.uid() + ") is disabled and unhealthy")
                .contains("Settings > Webhooks");
        String executions = run.out().substring(run.out().indexOf("last executions"));
        assertThat(executions.indexOf("asset bltoutage")).as("failed first")
                .isLessThan(executions.indexOf("asset bltbefore0000001"));
        assertThat(executions).contains("[503, 503, 503, 503, 503]");

        assertThat(json.exit()).isEqualTo(1);
        JsonNode document = parse(json.out());
        assertThat(document.path("healthy").asBoolean(true)).isFalse();
        JsonNode stack = document.path("stacks").path(0);
        assertThat(stack.path("findings").toString()).isEqualTo("[\"disabled\",\"unhealthy\"]");
        JsonNode listed = stack.path("webhooks").path(0);
        assertThat(listed.path("uid").asText()).isEqualTo(webhook.uid());
        assertThat(listed.path("enabled").asBoolean(true)).isFalse();
        assertThat(listed.path("executions").path(0).path("status").asInt()).isEqualTo(503);
        assertThat(listed.path("executions").path(0).path("attempts")).hasSize(5);
        assertThat(listed.path("executions").path(2).path("succeeded").asBoolean()).isTrue();
    }

    @Test
    void noAssetCreationWebhookForThisDeployment_exit1Missing() {
        cma.addWebhook(API_KEY, WebhookSpec.assetCreations("Someone else's", "https://elsewhere.example/hook"));

        Run run = ops();
        Run json = ops("--json");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("[other] Someone else's").contains("no webhook delivers asset creations to "
                + ingestUrl());
        assertThat(parse(json.out()).path("stacks").path(0).path("findings").toString()).isEqualTo("[\"missing\"]");
    }

    @Test
    void noWebhooksAtAll_exit1() {
        cma.addStack(API_KEY);

        assertThat(ops().exit()).isEqualTo(1);
    }

    @Test
    void manualRetryPolicy_exit0WithAWarning() {
        cma.addWebhook(API_KEY, WebhookSpec.assetCreations("Permalinker", ingestUrl())
                .withRetryPolicy(WebhookSpec.MANUAL));

        Run run = ops();

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("[warning] Permalinker").contains("findings     manual_retry")
                .contains("warning: a manual retry policy");
    }

    @Test
    void usageErrors_exit2() {
        assertThat(ops("--no-such-flag").exit()).isEqualTo(2);
        assertThat(ops("--executions", "-1").exit()).isEqualTo(2);
        Map<String, String> noStack = Map.of("CS_CMA_URL", cma.baseUrl().toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OpsCli.run(new String[] {"webhook", "status"}, noStack, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("CS_APIKEY");
    }

    @Test
    void cmaRefusesTheToken_exit1WithTheReason() {
        cma.addStack(API_KEY);
        cma.revokeToken();

        Run run = ops();

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("401").contains("GET /v3/webhooks").doesNotContain(TOKEN);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
