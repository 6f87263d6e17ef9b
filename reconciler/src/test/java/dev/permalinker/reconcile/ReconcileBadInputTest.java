package dev.permalinker.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.cma.AdaptiveRateLimiter;
import dev.permalinker.cma.CmaAnswerException;
import dev.permalinker.cma.CmaResponse;
import dev.permalinker.retry.Deadline;
import dev.permalinker.cma.StackWebhooks;
import dev.permalinker.cma.Webhook;
import dev.permalinker.cma.WebhookExecution;
import dev.permalinker.cma.WebhookHealth;
import dev.permalinker.model.ConfigException;
import dev.permalinker.model.JobPublisher;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Odd CMA answers and odd RECONCILE_* values: a clear problem or a skip, never an exception, and the run ends. */
class ReconcileBadInputTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final ReconcileWindow WINDOW = ReconcileWindow.of(NOW, Duration.ofHours(24),
            Duration.ofMinutes(15));

    private final JsonCodec json = JsonCodec.create();
    private final List<PermalinkJob> published = new ArrayList<>();
    private final JobPublisher publisher = published::add;

    private StackScan run(AssetReads reads) throws InterruptedException {
        AssetScan scan = new AssetScan(reads, publisher, new AdaptiveRateLimiter(100_000, System::nanoTime, d -> { }),
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5));
        return scan.scan("bltstack", "main", WINDOW, Deadline.after(Duration.ofMinutes(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "null", "7", "\"assets\"", "{\"assets\":\"x\"}", "{\"assets\":{\"a\":1}}",
            "{\"assets\":null}", "<html><body>502</body></html>", "{\"assets\":[", "[[[[[[[[[[[[[[[[[[[[[[["})
    void scan_answerWithoutAnAssetsArray_problemNotException(String body) throws Exception {
        StackScan result = run((k, b, s, l, t) -> CmaResponse.of(200, body, json));

        assertThat(result.problem()).isNotNull();
        assertThat(result.problem().code()).isEqualTo(ScanProblem.NO_ASSETS);
    }

    @Test
    void scan_deeplyNestedAnswer_problemNotStackOverflow() throws Exception {
        String body = "{\"assets\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        StackScan result = run((k, b, s, l, t) -> CmaResponse.of(200, body, json));

        assertThat(result.problem()).isNotNull();
    }

    private static String fullPage(int page, String createdAt) {
        StringBuilder assets = new StringBuilder();
        for (int i = 0; i < AssetScan.PAGE_SIZE; i++) {
            assets.append(i == 0 ? "" : ",").append("{\"uid\":\"blt").append(page).append('x').append(i)
                    .append("\",\"created_at\":").append(createdAt).append(",\"permanent_url\":\"https://x/y\"}");
        }
        return "[" + assets + "]";
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "\"lots\"", "1e30", "null", "[]", "3.5"})
    void scan_countLyingOrOdd_endsBounded(String count) throws Exception {
        StackScan result = run((k, b, s, l, t) -> CmaResponse.of(200, "{\"count\":" + count + ",\"assets\":"
                + fullPage(s / 100, "\"2026-11-29T11:00:00.000Z\"") + "}", json));

        assertThat(result.reads()).isLessThanOrEqualTo(AssetScan.MAX_PAGES);
        assertThat(result.problem()).isNotNull();
    }

    @Test
    void scan_pagesRepeating_problemPageRepeated() throws Exception {
        StackScan result = run((k, b, s, l, t) -> CmaResponse.of(200, "{\"assets\":"
                + fullPage(0, "\"2026-11-29T11:00:00.000Z\"") + "}", json));

        assertThat(result.problem().code()).isEqualTo(ScanProblem.PAGE_REPEATED);
        assertThat(result.reads()).isEqualTo(2);
    }

    @Test
    void scan_oddAssets_skippedOrQueuedNeverThrown() throws Exception {
        String body = "{\"assets\":[\"x\",1,null,[],{},{\"uid\":7,\"created_at\":\"2026-11-29T11:00:00Z\"},"
                + "{\"uid\":{\"a\":1},\"created_at\":\"2026-11-29T11:00:00Z\"},"
                + "{\"uid\":\"bltnozone\",\"created_at\":\"2026-11-29T11:00:00\"},"
                + "{\"uid\":\"bltoffset\",\"created_at\":\"2026-11-29T16:30:00+05:30\"},"
                + "{\"uid\":\"bltnum\",\"created_at\":1764417600000},"
                + "{\"uid\":\"bltgarbage\",\"created_at\":\"\\u0000\\uffff\"},"
                + "{\"uid\":\"bltdirtext\",\"created_at\":\"2026-11-29T11:00:00Z\",\"is_dir\":\"true\"},"
                + "{\"uid\":\"bltblankurl\",\"created_at\":\"2026-11-29T11:00:00Z\",\"permanent_url\":\" \"}]}";

        StackScan result = run((k, b, s, l, t) -> CmaResponse.of(200, body, json));

        assertThat(result.problem()).isNull();
        assertThat(result.skipped(SkipReason.UNREADABLE_CREATED_AT)).isGreaterThanOrEqualTo(7);
        assertThat(published).extracting(PermalinkJob::assetUid).contains("bltoffset", "bltblankurl")
                .doesNotContain("bltnozone", "bltdirtext");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"webhooks\":\"x\"}", "{\"webhooks\":{}}", "[]", "<html>", "",
            "{\"webhooks\":null}"})
    void webhooksOf_wrongShape_answerException(String body) {
        assertThatThrownBy(() -> StackWebhooks.webhooksOf("GET /v3/webhooks", CmaResponse.of(200, body, json)))
                .isInstanceOf(CmaAnswerException.class);
    }

    @Test
    void webhooksOf_wrongTypesInside_tolerated() throws Exception {
        String body = "{\"webhooks\":[1,\"x\",null,[],"
                + "{\"uid\":\"w1\",\"channels\":\"assets.create\",\"destinations\":null,\"unhealthy\":true},"
                + "{\"uid\":\"w2\",\"channels\":[null,7,{\"a\":1},\"assets.create\"],"
                + "\"destinations\":{\"target_url\":\"https://x\"},\"disabled\":\"yes\",\"retry_policy\":[]},"
                + "{\"uid\":[],\"channels\":[\"assets.create\"],\"destinations\":[\"https://x\",{\"target_url\":7},"
                + "{\"target_url\":\"http://[bad\"}],\"created_at\":\"yesterday\",\"branches\":\"main\"}]}";

        List<Webhook> webhooks = StackWebhooks.webhooksOf("GET /v3/webhooks", CmaResponse.of(200, body, json));

        assertThat(webhooks).hasSize(3);
        assertThatCode(() -> WebhookHealth.evaluate(webhooks, Optional.of("https://ingest.example.com/webhooks")))
                .doesNotThrowAnyException();
        assertThatCode(() -> WebhookHealth.evaluate(webhooks, Optional.of("http://[bad")))
                .doesNotThrowAnyException();
        assertThat(WebhookHealth.evaluate(webhooks, Optional.empty()).checks()).hasSize(3);
    }

    @Test
    void executionsOf_malformed_tolerated() throws Exception {
        String body = "{\"webhooks\":[1,{},{\"request_details\":\"x\",\"status\":\"abc\",\"channel\":7},"
                + "{\"request_details\":[1,{\"response\":\"x\"},{\"response\":{\"statusCode\":\"500x\"}}],"
                + "\"event_data\":[],\"retry_count\":-3,\"created_at\":5},"
                + "{\"request_details\":{\"a\":{\"status\":99999999999}},\"status\":1e99}]}";

        List<WebhookExecution> executions = StackWebhooks.executionsOf("GET x", CmaResponse.of(200, body, json));

        assertThat(executions).hasSize(4);
        executions.forEach(e -> assertThatCode(() -> {
            e.succeeded();
            e.apiKey();
        }).doesNotThrowAnyException());
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("CS_APIKEY", "bltstack");
        env.put("CS_MANAGEMENTTOKEN", "cs-token");
        env.put("QUEUE_URL", "http://127.0.0.1:9324/000000000000/q.fifo");
        return env;
    }

    @ParameterizedTest
    @ValueSource(strings = {"RECONCILE_GRACE=-PT5M", "RECONCILE_GRACE=PT0S", "RECONCILE_LOOKBACK=-PT24H",
            "RECONCILE_GRACE=PT48H", "RECONCILE_LOOKBACK=abc", "RECONCILE_BRANCHES=../main",
            "RECONCILE_BRANCHES=main,dev elop", "RECONCILE_LOOKBACK=PT9999999999999H",
            "CS_RATE_SHARE=0", "CS_RATE_SHARE=NaN", "CS_RATE_LIMIT=-1", "CS_RATE_LIMIT=Infinity"})
    void fromEnv_malformed_refusedNamingTheVariable(String assignment) {
        Map<String, String> env = env();
        String[] kv = assignment.split("=", 2);
        env.put(kv[0], kv[1]);

        assertThatThrownBy(() -> ReconcileConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(kv[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",", " , ,"})
    void fromEnv_emptyBranches_main(String branches) {
        Map<String, String> env = env();
        env.put("RECONCILE_BRANCHES", branches);

        assertThat(ReconcileConfig.fromEnv(env).branches()).containsExactly("main");
    }
}
