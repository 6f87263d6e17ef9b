package dev.permalinker.ingest;

import static dev.permalinker.ingest.TestWebhooks.API_KEY;
import static dev.permalinker.ingest.TestWebhooks.signed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.ingest.IngestResult.Ignored;
import dev.permalinker.ingest.IngestResult.Queued;
import dev.permalinker.ingest.IngestResult.QueuedRelease;
import dev.permalinker.ingest.IngestResult.Rejected;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.ReleaseAction;
import dev.permalinker.telemetry.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseRoutingTest {
    private static final String RELEASE = "bltrelease0000001";
    private static final String TRIGGERED = "2026-11-20T09:15:00.000Z";

    private final RecordingPublisher jobs = new RecordingPublisher();
    private final List<ReleaseAction> actions = new ArrayList<>();
    private final List<String> dedupIds = new ArrayList<>();
    private boolean queueDown;

    private IngestService service(boolean releaseActions) {
        Map<String, String> env = TestWebhooks.env();
        if (releaseActions) {
            env.put("ACTIONS_QUEUE_URL", "http://127.0.0.1:9324/000000000000/permalinker-actions.fifo");
        }
        ReleaseRouting routing = ReleaseRouting.create(ReleaseActionsConfig.fromEnv(env), (action, dedup) -> {
            if (queueDown) {
                throw new ReleaseActionPublisher.PublishException("down", new RuntimeException());
            }
            actions.add(action);
            dedupIds.add(dedup);
        });
        return IngestService.create(IngestConfig.fromEnv(env), JsonCodec.create(), jobs, TestWebhooks.CLOCK,
                Metrics.NONE, routing);
    }

    /** An entry publish through a release, in the key order of Contentstack's documented sample. */
    static String releasePublish(String entryUid, String source) {
        return "{\"event\":\"publish\"," + (source == null ? "" : "\"source\":" + source + ",")
                + "\"data\":{\"entry\":{\"uid\":\"" + entryUid + "\",\"title\":\"Home\"},"
                + "\"content_type\":{\"uid\":\"page\"},\"environment\":{\"name\":\"production\",\"uid\":\"blte1\"},"
                + "\"action\":\"publish\",\"status\":\"success\",\"locale\":\"en-us\"},"
                + "\"api_key\":\"" + API_KEY + "\",\"module\":\"entry\",\"triggered_at\":\"" + TRIGGERED + "\"}";
    }

    static String source(String uid) {
        return "{\"type\":\"release\",\"title\":\"Black Friday\",\"uid\":\"" + uid + "\"}";
    }

    static String deploy(String releaseJson) {
        return "{\"module\":\"release\",\"api_key\":\"" + API_KEY + "\",\"data\":{\"release\":" + releaseJson
                + ",\"environment\":{\"name\":\"production\"},\"locale\":\"en-us\"},\"event\":\"deploy\","
                + "\"triggered_at\":\"" + TRIGGERED + "\"}";
    }

    @Test
    void handle_releasePublish_queuesOneActionMessageForTheRelease() {
        IngestResult result = service(true).handle(signed(releasePublish("bltentry1", source(RELEASE))));

        assertThat(result).isInstanceOf(QueuedRelease.class);
        assertThat(result.status()).isEqualTo(202);
        assertThat(result.body()).containsEntry("status", "queued").containsEntry("releaseUid", RELEASE);
        assertThat(actions).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("release");
            assertThat(a.apiKey()).isEqualTo(API_KEY);
            assertThat(a.branch()).isEqualTo("main");
            assertThat(a.releaseUid()).isEqualTo(RELEASE);
            assertThat(a.title()).isEqualTo("Black Friday");
            assertThat(a.environment()).isEqualTo("production");
            assertThat(a.events()).isEqualTo(1);
            assertThat(a.firstSeenAt()).isEqualTo("2026-11-20T09:16:07Z").isEqualTo(a.lastSeenAt());
        });
        assertThat(jobs.published).isEmpty();
    }

    @Test
    void handle_resentAndOtherItems_sameGroupDedupOnlyForTheResend() {
        IngestService service = service(true);
        service.handle(signed(releasePublish("bltentry1", source(RELEASE))));
        service.handle(signed(releasePublish("bltentry1", source(RELEASE))));
        service.handle(signed(releasePublish("bltentry2", source(RELEASE))));
        service.handle(signed(releasePublish("bltentry2", source("bltrelease0000002"))));

        assertThat(dedupIds.get(0)).isEqualTo(dedupIds.get(1)).isNotEqualTo(dedupIds.get(2));
        assertThat(actions.get(0).messageGroupId()).isEqualTo(actions.get(2).messageGroupId())
                .isNotEqualTo(actions.get(3).messageGroupId()).hasSize(64);
    }

    @Test
    void handle_releaseDeploy_queuedUnderTheRelease() {
        IngestResult result = service(true).handle(signed(deploy("{\"uid\":\"" + RELEASE
                + "\",\"name\":\"Black Friday\",\"items\":[{\"uid\":\"bltasset1\","
                + "\"content_type_uid\":\"built_io_upload\"}]}")));

        assertThat(result.body()).containsEntry("releaseUid", RELEASE);
        assertThat(actions).singleElement().satisfies(a -> {
            assertThat(a.title()).isEqualTo("Black Friday");
            assertThat(a.messageGroupId()).isEqualTo(ReleaseAction.release(API_KEY, "main", RELEASE, "", "",
                    TestWebhooks.CLOCK.instant()).messageGroupId());
        });
    }

    @Test
    void handle_bulkPublish_queuedPerEnvironment() {
        String bulk = releasePublish("bltentry9", null).replace("{\"event\"", "{\"bulk\":true,\"event\"");

        IngestResult result = service(true).handle(signed(bulk));

        assertThat(result.body()).containsEntry("status", "queued").containsEntry("bulkEnvironment", "production");
        assertThat(actions).singleElement().satisfies(a -> {
            assertThat(a.isBulk()).isTrue();
            assertThat(a.releaseUid()).isEmpty();
        });
    }

    @Test
    void handle_ordinaryPublish_staysIgnored() {
        IngestResult result = service(true).handle(signed(releasePublish("bltentry1", null)));

        assertThat(result).isInstanceOf(Ignored.class);
        assertThat(actions).isEmpty();
    }

    @Test
    void handle_releaseActionsOff_releasePublishStaysIgnored() {
        IngestResult result = service(false).handle(signed(releasePublish("bltentry1", source(RELEASE))));

        assertThat(result).isInstanceOf(Ignored.class);
        assertThat(result.status()).isEqualTo(200);
        assertThat(actions).isEmpty();
    }

    @Test
    void handle_assetCreationWithSource_keepsItsOwnPath() {
        String body = TestWebhooks.fixture().replace("\"event\":\"create\"", "\"event\":\"create\",\"source\":"
                + source(RELEASE));

        IngestResult result = service(true).handle(signed(body));

        assertThat(result).isInstanceOf(Queued.class);
        assertThat(jobs.published).hasSize(1);
        assertThat(actions).isEmpty();
    }

    @Test
    void handle_sourceNotAnObject_400NamingSource() {
        IngestResult result = service(true).handle(signed(releasePublish("bltentry1", "\"release\"")));

        assertThat(result.status()).isEqualTo(400);
        assertThat(((Rejected) result).code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
        assertThat(((Rejected) result).message()).contains("source must be an object");
    }

    @Test
    void handle_sourceTypeNotAString_400NamingSourceType() {
        IngestResult result = service(true).handle(signed(releasePublish("bltentry1", "{\"type\":7}")));

        assertThat(((Rejected) result).message()).contains("source.type must be a string");
    }

    @Test
    void handle_releaseWithoutUid_400NamingSourceUid() {
        IngestResult result = service(true).handle(signed(releasePublish("bltentry1",
                "{\"type\":\"release\",\"title\":\"x\"}")));

        assertThat(result.status()).isEqualTo(400);
        assertThat(((Rejected) result).message()).contains("source.uid is required");
        assertThat(actions).isEmpty();
    }

    @Test
    void handle_deployWithoutReleaseUid_400NamingDataReleaseUid() {
        IngestResult result = service(true).handle(signed(deploy("{\"name\":\"x\"}")));

        assertThat(((Rejected) result).message()).contains("data.release.uid is required");
    }

    @Test
    void handle_actionsQueueDown_503SoContentstackRetries() {
        IngestService service = service(true);
        queueDown = true;

        IngestResult result = service.handle(signed(releasePublish("bltentry1", source(RELEASE))));

        assertThat(result.status()).isEqualTo(503);
    }

    @Test
    void fromEnv_queueSet_onWithoutReadingAnyTarget() {
        Map<String, String> env = TestWebhooks.env();
        env.put("ACTIONS_QUEUE_URL", "http://127.0.0.1:9324/000000000000/permalinker-actions.fifo");
        // The hook's URL is the consumer's secret: the ingest neither needs nor checks it.
        env.put("RELEASE_HOOK_URL", "ftp://hooks.example.com/secret-hook-id");

        assertThat(ReleaseActionsConfig.fromEnv(env).enabled()).isTrue();
    }

    @Test
    void handle_retryWithAFreshTriggeredAt_sameDedupId() {
        IngestService service = service(true);
        service.handle(signed(releasePublish("bltentry1", source(RELEASE))));
        // Contentstack's retry of the same delivery, 5 s later: only triggered_at differs.
        service.handle(signed(releasePublish("bltentry1", source(RELEASE))
                .replace(TRIGGERED, "2026-11-20T09:15:05.000Z")));

        assertThat(actions).hasSize(2);
        assertThat(dedupIds.get(0)).isEqualTo(dedupIds.get(1));
    }

    @Test
    void fromEnv_nothingSet_off() {
        assertThat(ReleaseActionsConfig.fromEnv(TestWebhooks.env()).enabled()).isFalse();
        assertThat(ReleaseActionsConfig.fromEnv(Map.of("ACTIONS_QUEUE_URL", "q")).enabled()).isTrue();
    }
}
