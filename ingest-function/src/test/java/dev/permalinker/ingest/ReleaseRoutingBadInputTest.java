package dev.permalinker.ingest;

import static dev.permalinker.ingest.TestWebhooks.API_KEY;
import static dev.permalinker.ingest.TestWebhooks.signed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.ingest.IngestResult.Ignored;
import dev.permalinker.ingest.IngestResult.Rejected;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.ReleaseAction;
import dev.permalinker.telemetry.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad and unusual release inputs: a 400 naming the field or a 200 ignored, never a 5xx, never a silent 202. */
class ReleaseRoutingBadInputTest {
    private static final String TRIGGERED = "2026-11-20T09:15:00.000Z";

    private final List<ReleaseAction> actions = new ArrayList<>();

    private IngestService service() {
        Map<String, String> env = TestWebhooks.env();
        env.put("ACTIONS_QUEUE_URL", "http://127.0.0.1:9324/000000000000/permalinker-actions.fifo");
        ReleaseRouting routing = ReleaseRouting.create(ReleaseActionsConfig.fromEnv(env),
                (action, dedup) -> actions.add(action));
        return IngestService.create(IngestConfig.fromEnv(env), JsonCodec.create(), new RecordingPublisher(),
                TestWebhooks.CLOCK, Metrics.NONE, routing);
    }

    private static String event(String module, String event, String data, String extra) {
        return "{\"module\":\"" + module + "\",\"event\":\"" + event + "\",\"api_key\":\"" + API_KEY + "\","
                + "\"triggered_at\":\"" + TRIGGERED + "\"," + extra + "\"data\":" + data + "}";
    }

    @Test
    void handle_localeCreateWithActionsOn_staysIgnored() {
        // Contentstack's locale webhooks carry the locale as an object in data.locale.
        IngestResult result = service().handle(signed(event("locale", "create",
                "{\"locale\":{\"code\":\"fr-fr\",\"name\":\"French - France\",\"uid\":\"bltlocale1\"}}", "")));

        assertThat(result).isInstanceOf(Ignored.class);
        assertThat(actions).isEmpty();
    }

    @Test
    void handle_ordinaryEventWithOddEnvironment_staysIgnored() {
        IngestResult result = service().handle(signed(event("content_type", "update",
                "{\"environment\":[\"production\"],\"content_type\":{\"uid\":\"page\"}}", "")));

        assertThat(result).isInstanceOf(Ignored.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "7", "true", "\"release\"", "{\"type\":[\"release\"]}", "{\"type\":{}}",
            "{\"type\":\"release\"}", "{\"type\":\"release\",\"uid\":\"\"}", "{\"type\":\"release\",\"uid\":7}",
            "{\"type\":\"release\",\"uid\":\"../../x\"}", "{\"type\":\"release\",\"uid\":\"blt\\u0000x\"}",
            "{\"type\":\"release\",\"uid\":\"bltbltbltbltbltbltbltbltbltbltbltbltbltbltbltbltbltbltbltbltbltblt\"}",
            "{\"type\":\"release\",\"uid\":\"bltok\",\"title\":[1]}"})
    void handle_badSource_400NamingSource(String source) {
        IngestResult result = service().handle(signed(event("entry", "publish", "{\"entry\":{\"uid\":\"e1\"}}",
                "\"source\":" + source + ",")));

        assertThat(result.status()).isEqualTo(400);
        assertThat(((Rejected) result).code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
        assertThat(((Rejected) result).message()).contains("source");
        assertThat(actions).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"Release\",\"uid\":\"bltok\"}", "{\"type\":\"RELEASE\",\"uid\":\"bltok\"}",
            "{\"type\":\"\",\"uid\":\"bltok\"}", "{\"type\":null}", "{}", "null", "{\"type\":\"bulk\"}"})
    void handle_sourceNotARelease_ignored(String source) {
        IngestResult result = service().handle(signed(event("entry", "publish", "{\"entry\":{\"uid\":\"e1\"}}",
                "\"source\":" + source + ",")));

        assertThat(result.status()).isIn(200, 202);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"x\"", "[]", "null", "7", "{\"uid\":null}", "{\"uid\":[\"a\"]}", "{\"uid\":\"a b\"}"})
    void handle_badDataRelease_400NamingDataRelease(String release) {
        IngestResult result = service().handle(signed(event("release", "deploy", "{\"release\":" + release + "}",
                "")));

        assertThat(result.status()).isEqualTo(400);
        assertThat(((Rejected) result).message()).contains("data.release");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"true\"", "1", "[true]", "{}"})
    void handle_bulkNotBoolean_400NamingBulk(String bulk) {
        IngestResult result = service().handle(signed(event("entry", "publish", "{\"entry\":{\"uid\":\"e1\"}}",
                "\"bulk\":" + bulk + ",")));

        assertThat(result.status()).isEqualTo(400);
        assertThat(((Rejected) result).message()).contains("bulk");
    }

    @Test
    void handle_deeplyNestedItems_400NotA5xx() {
        String nested = "[".repeat(200) + "]".repeat(200);
        IngestResult result = service().handle(signed(event("release", "deploy",
                "{\"release\":{\"uid\":\"bltr\",\"items\":" + nested + "}}", "")));

        assertThat(result.status()).isEqualTo(400);
    }

    @Test
    void handle_hugeItemsArray_queuedOnce() {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 5000; i++) {
            items.append(i == 0 ? "" : ",").append("{\"uid\":\"blt").append(i).append("\"}");
        }
        IngestResult result = service().handle(signed(event("release", "deploy",
                "{\"release\":{\"uid\":\"bltr\",\"items\":" + items + "]}}", "")));

        assertThat(result.status()).isEqualTo(202);
        assertThat(actions).hasSize(1);
    }
}
