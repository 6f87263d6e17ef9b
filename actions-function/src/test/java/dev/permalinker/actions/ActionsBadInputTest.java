package dev.permalinker.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.permalinker.actions.ActionTarget.ActionFailedException;
import dev.permalinker.model.ConfigException;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.ReleaseAction;
import dev.permalinker.telemetry.Metrics;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed queue messages, odd RELEASE_DEBOUNCE values and misbehaving hooks. */
class ActionsBadInputTest {
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final String SECRET = "hook-secret-value-123";

    private final FakeFifoQueue queue = new FakeFifoQueue(() -> NOW);
    private final List<ReleaseAction> performed = new ArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        bodyReleased.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private ReleaseDebouncer debouncer(Duration debounce) {
        ActionTarget target = new ActionTarget() {
            @Override
            public void perform(ReleaseAction action) {
                performed.add(action);
            }

            @Override
            public String describe() {
                return "test";
            }
        };
        return new ReleaseDebouncer(queue, List.of(target), debounce, 3, Duration.ofSeconds(10), JsonCodec.create(),
                Clock.fixed(NOW, ZoneOffset.UTC), Metrics.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "7", "\"x\"", "{}", "{\"v\":1}", "{\"v\":2,\"apiKey\":\"a\"}",
            "{\"v\":1,\"apiKey\":\"a\",\"branch\":\"main\",\"firstSeenAt\":\"yesterday\",\"lastSeenAt\":\"x\"}",
            "{\"v\":1,\"apiKey\":\"a\",\"branch\":\"main\",\"firstSeenAt\":\"2026-11-29T09:00:00Z\","
                    + "\"lastSeenAt\":\"2026-11-29T09:00:00Z\",\"retryAt\":\"soon\"}",
            "{\"v\":1,\"apiKey\":[],\"branch\":{},\"firstSeenAt\":1,\"lastSeenAt\":2}",
            "{\"v\":1,\"apiKey\":\"a\",\"branch\":\"main\",\"firstSeenAt\":\"2026-11-29T09:00:00Z\","
                    + "\"lastSeenAt\":\"2026-11-29T09:00:00Z\",\"attempts\":-5}",
            "{\"v\":\"one\"}", "\u0000\u0001garbage",
            "{\"v\":1,\"kind\":\"party\",\"apiKey\":\"a\",\"branch\":\"main\",\"releaseUid\":\"r\","
                    + "\"firstSeenAt\":\"2026-11-29T09:00:00Z\",\"lastSeenAt\":\"2026-11-29T09:00:00Z\"}",
            "{\"v\":1,\"kind\":\"release\",\"apiKey\":\"a\",\"branch\":\"main\","
                    + "\"firstSeenAt\":\"2026-11-29T09:00:00Z\",\"lastSeenAt\":\"2026-11-29T09:00:00Z\"}"})
    void process_malformedMessage_deadLetteredAsInvalidJobWithoutActing(String body) {
        ActionMessage message = new ActionMessage("m1", "rh1", "g1", body);

        List<String> kept = debouncer(Duration.ofSeconds(60)).process(List.of(message), NOW.plusSeconds(30));

        assertThat(kept).isEmpty();
        assertThat(queue.deadLetters).singleElement()
                .satisfies(d -> assertThat(d.code()).isEqualTo(FailureCode.INVALID_JOB));
        assertThat(performed).isEmpty();
    }

    @Test
    void process_malformedNextToValid_validGroupStillActs() {
        ReleaseAction ok = ReleaseAction.release("a", "main", "bltrel", "t", "", NOW.minusSeconds(120));
        List<ActionMessage> batch = List.of(new ActionMessage("m1", "rh1", "g1", "{"),
                new ActionMessage("m2", "rh2", ok.messageGroupId(), JsonCodec.create().write(ok)));

        assertThat(debouncer(Duration.ofSeconds(60)).process(batch, NOW.plusSeconds(30))).isEmpty();
        assertThat(performed).hasSize(1);
    }

    /** Two messages of one release, the first as given, the second a retry: collapsed, then settled alone. */
    private void collapseAndSettle(String firstBody) {
        ReleaseAction second = ReleaseAction.release("a", "main", "bltrel", "t", "", NOW.minusSeconds(120))
                .afterFailedAttempt(NOW.minusSeconds(10), List.of());
        String group = second.messageGroupId();
        List<ActionMessage> batch = List.of(new ActionMessage("m1", "rh1", group, firstBody),
                new ActionMessage("m2", "rh2", group, JsonCodec.create().write(second)));
        ReleaseDebouncer debouncer = debouncer(Duration.ofSeconds(60));

        assertThatCode(() -> assertThat(debouncer.process(batch, NOW.plusSeconds(30))).isEmpty())
                .doesNotThrowAnyException();
        assertThat(queue.sent).hasSize(1);
        ActionMessage summary = new ActionMessage("m3", "rh3", group, JsonCodec.create().write(queue.sent.get(0)));
        assertThat(debouncer.process(List.of(summary), NOW.plusSeconds(30))).isEmpty();
    }

    @Test
    void process_groupWithAnEmptyRetryAt_collapsedNotThrown() {
        // dueAt reads an empty retryAt as none, so the message is valid; the collapse must read it the same way.
        collapseAndSettle("{\"v\":1,\"kind\":\"release\",\"apiKey\":\"a\",\"branch\":\"main\","
                + "\"releaseUid\":\"bltrel\",\"firstSeenAt\":\"2026-11-29T09:00:00Z\","
                + "\"lastSeenAt\":\"2026-11-29T09:00:00Z\",\"events\":1,\"attempts\":0,\"retryAt\":\"\"}");

        assertThat(performed).hasSize(1);
        assertThat(queue.deadLetters).isEmpty();
    }

    @Test
    void process_eventsAddUpPastIntMax_summaryStillAReleaseAction() {
        collapseAndSettle("{\"v\":1,\"kind\":\"release\",\"apiKey\":\"a\",\"branch\":\"main\","
                + "\"releaseUid\":\"bltrel\",\"firstSeenAt\":\"2026-11-29T09:00:00Z\","
                + "\"lastSeenAt\":\"2026-11-29T09:00:00Z\",\"events\":2147483647,\"attempts\":0}");

        assertThat(performed).singleElement().satisfies(a -> assertThat(a.events()).isEqualTo(Integer.MAX_VALUE));
        assertThat(queue.deadLetters).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "-PT5S", "PT-1S", "P", "60", "PT9999999999999H", "P5000D", "PT13H"})
    void fromEnv_debounceZeroNegativeOrBeyondAHold_refused(String debounce) {
        Map<String, String> env = env();
        env.put("RELEASE_DEBOUNCE", debounce);

        assertThatThrownBy(() -> ActionsConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("RELEASE_DEBOUNCE");
    }

    @Test
    void fromEnv_debounceTwelveHours_accepted() {
        Map<String, String> env = env();
        env.put("RELEASE_DEBOUNCE", "PT12H");

        assertThat(ActionsConfig.fromEnv(env).debounce()).isEqualTo(Duration.ofHours(12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://h/x", "file:///etc/passwd", "javascript:alert(1)", "http:///nohost", "//h/x",
            "https://h/ x", "mailto:a@b.c",
            "http://h:99999/x"})
    void fromEnv_hookNotHttp_refusedWithoutEcho(String url) {
        Map<String, String> env = env();
        env.put("RELEASE_HOOK_URL", url);

        assertThatThrownBy(() -> ActionsConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("RELEASE_HOOK_URL").hasMessageNotContaining(url);
    }

    @Test
    void toString_hookWithCredentials_showsNeitherPathNorCredentials() {
        Map<String, String> env = env();
        env.put("RELEASE_HOOK_URL", "https://user:pa55word@hooks.example.com/build_hooks/s3cret");
        env.put("RELEASE_HOOK_SECRET", SECRET);

        String text = ActionsConfig.fromEnv(env).toString();

        assertThat(text).doesNotContain("pa55word", "s3cret", SECRET, "user");
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("ACTIONS_QUEUE_URL", "http://127.0.0.1:9324/000000000000/a.fifo");
        env.put("ACTIONS_DLQ_URL", "http://127.0.0.1:9324/000000000000/a-dlq.fifo");
        env.put("RELEASE_HOOK_URL", "https://hooks.example.com/build_hooks/abc");
        return env;
    }

    private final CountDownLatch bodyReleased = new CountDownLatch(1);

    private URI serve(int status, String location, boolean stallBody) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            if (stallBody) {
                exchange.sendResponseHeaders(status, 1_000_000);
                OutputStream out = exchange.getResponseBody();
                out.write('x');
                out.flush();
                try {
                    // The body stalls until the test is over (the server stops), not for a time.
                    bodyReleased.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                exchange.sendResponseHeaders(status, -1);
            }
            exchange.close();
        });
        server.start();
        return URI.create("http://user:pa55word@127.0.0.1:" + server.getAddress().getPort() + "/hooks/s3cretpath");
    }

    private static ReleaseAction action() {
        return ReleaseAction.release("a", "main", "bltrel", "t", "", NOW);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 307, 400, 401, 404, 410, 429, 500, 502, 503})
    void perform_hookAnswersNon2xx_failsNamingStatusOnly(int status) throws Exception {
        URI url = serve(status, "https://elsewhere.example.com/", false);
        HookTarget hook = HookTarget.create(url, SECRET, Duration.ofSeconds(2), JsonCodec.create());

        assertThatThrownBy(() -> hook.perform(action())).isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("HTTP " + status)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cretpath", "pa55word", SECRET));
    }

    @Test
    void perform_hookUnreachable_failsQuickly() {
        HookTarget hook = HookTarget.create(URI.create("http://127.0.0.1:1/hooks/s3cretpath"), SECRET,
                Duration.ofSeconds(2), JsonCodec.create());

        assertThatThrownBy(() -> hook.perform(action())).isInstanceOf(ActionFailedException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cretpath", SECRET));
    }

    @Test
    void perform_hookPortOutOfRange_failsAsAnActionNotACrash() {
        HookTarget hook = HookTarget.create(URI.create("http://127.0.0.1:99999/hooks/s3cretpath"), SECRET,
                Duration.ofSeconds(2), JsonCodec.create());

        assertThatThrownBy(() -> hook.perform(action())).isInstanceOf(ActionFailedException.class);
    }

    @Test
    void perform_hookStallsItsBody_givesUpWithinItsTimeout() throws Exception {
        URI url = serve(200, null, true);
        HookTarget hook = HookTarget.create(url, SECRET, Duration.ofSeconds(2), JsonCodec.create());
        AtomicReference<Throwable> failure = new AtomicReference<>();

        long started = System.nanoTime();
        assertThatCode(() -> {
            try {
                hook.perform(action());
            } catch (ActionFailedException e) {
                failure.set(e);
            }
        }).doesNotThrowAnyException();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
}
