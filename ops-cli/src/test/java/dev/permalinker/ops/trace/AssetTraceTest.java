package dev.permalinker.ops.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.cma.CmaAnswerSamples;
import dev.permalinker.cma.CmaAnswerSamples.Sample;
import dev.permalinker.cma.CmaResponse;
import dev.permalinker.ledger.AssetEntry;
import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.AssetLookup;
import dev.permalinker.ledger.AssetState;
import dev.permalinker.ledger.QueueSource;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.Region;
import dev.permalinker.ops.DlqMessage;
import dev.permalinker.ops.trace.TraceSources.Execution;
import dev.permalinker.ops.trace.TraceSources.QueueView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The verdict from every combination of what the sources say, with fakes for the sources. */
class AssetTraceTest {
    private static final String KEY = "bltstack0000000001";
    private static final String UID = "bltasset000000001";
    private static final Instant NOW = Instant.parse("2026-11-29T18:00:00Z");
    private static final String URL = "https://images.contentstack.io/v3/assets/" + KEY + "/" + UID + "/x/hero.png";
    private static final String RULE = "https://images.contentstack.io/v3/assets/" + KEY + "/" + UID + "/hero.png";
    private final JsonCodec json = JsonCodec.create();

    private CmaResponse asset(String permanentUrl) {
        return CmaResponse.of(200, "{\"asset\":{\"uid\":\"" + UID + "\",\"filename\":\"hero.png\",\"url\":\"" + URL
                + "\",\"content_type\":\"image/png\",\"created_at\":\"2026-11-29T17:00:00.000Z\""
                + (permanentUrl == null ? "" : ",\"permanent_url\":\"" + permanentUrl + "\"") + "}}", json);
    }

    private CmaResponse missing() {
        return CmaResponse.of(422, "{\"error_message\":\"Asset was not found.\",\"error_code\":145}", json);
    }

    private static LogEvent event(int minutesAgo, String logger, String outcome, Integer status, String errorCode) {
        return new LogEvent(NOW.minus(Duration.ofMinutes(minutesAgo)), logger, outcome, UID, "m-1", status, errorCode,
                null, status == null ? 1 : null, status == null ? 1 : null);
    }

    private static DlqMessage dead(String code) {
        return new DlqMessage("m-2", "receipt-handle", UID, "{}", UID, code, "PUT 401", 1, NOW.minusSeconds(60));
    }

    private AssetStory trace(CmaResponse cma, List<LogEvent> events, List<DlqMessage> dead, List<Execution> delivered) {
        return new AssetTrace((apiKey, branch, uid) -> cma, Region.NA, null, new LogEventSource() {
            @Override
            public List<LogEvent> eventsFor(String assetUid, Instant from, Instant to) {
                return events;
            }

            @Override
            public String describe() {
                return "fake";
            }
        }, uid -> dead, () -> new QueueView(3, 1, dead.size(), 0),
                (apiKey, branch, uid, from) -> delivered, Clock.fixed(NOW, ZoneOffset.UTC))
                .trace(KEY, "main", UID, Duration.ofHours(24));
    }

    @Test
    void unreachableCma_namesTheFailure_neverNull() {
        AssetStory story = new AssetTrace((apiKey, branch, uid) -> {
            throw new java.net.ConnectException();
        }, Region.NA, null, new LogEventSource() {
            @Override
            public List<LogEvent> eventsFor(String assetUid, Instant from, Instant to) {
                return List.of();
            }

            @Override
            public String describe() {
                return "fake";
            }
        }, uid -> List.of(), () -> new QueueView(0, 0, 0, 0), (apiKey, branch, uid, from) -> List.of(),
                Clock.fixed(NOW, ZoneOffset.UTC)).trace(KEY, "main", UID, Duration.ofHours(24));

        assertThat(story.gaps().get("cma")).isEqualTo("cannot reach the CMA: ConnectException");
    }

    @Test
    void queuedAndRetrying_waiting_withTheQueueDepth() {
        AssetStory story = trace(asset(null), List.of(event(5, "IngestService", "queued", 202, null),
                event(3, "BatchProcessor", "retry", null, null)), List.of(), List.of());

        assertThat(story.verdict().label()).isEqualTo("waiting");
        assertThat(story.verdict().exitCode()).isEqualTo(1);
        assertThat(story.verdict().nextStep()).contains("3 visible, 1 in flight");
        assertThat(story.timeline()).extracting(AssetStory.Entry::source).containsExactly("cma", "ingest", "worker");
        assertThat(story.timeline().get(2).text()).startsWith("not done, will be retried");
    }

    @Test
    void queuedByTheReconciler_waiting() {
        AssetStory story = trace(asset(null), List.of(event(2, "AssetScan", "reconcile_queued", null, null)),
                List.of(), List.of());

        assertThat(story.verdict().kind()).isEqualTo(Verdict.Kind.WAITING);
        assertThat(story.timeline().get(1).source()).isEqualTo("reconciler");
    }

    @Test
    void urlSetButNotByTodaysRule_okWithANote() {
        AssetStory story = trace(asset("https://cdn.example.com/hero.png"), List.of(), List.of(), List.of());

        assertThat(story.verdict().label()).isEqualTo("ok");
        assertThat(story.verdict().exitCode()).isZero();
        assertThat(story.cma().urlMatchesRule()).isFalse();
        assertThat(story.cma().expectedUrl()).isEqualTo(RULE);
        assertThat(story.verdict().nextStep()).contains("differs from today's rule");
    }

    @Test
    void onlyRefusedWebhooks_neverReceived_sayingWhatWeAnswered() {
        AssetStory story = trace(asset(null), List.of(event(5, "IngestService", "queue_unavailable", 503,
                "queue_unavailable")), List.of(), List.of(new Execution(NOW.minusSeconds(400), "Permalinker", 503, 5,
                "not delivered")));

        assertThat(story.verdict().kind()).isEqualTo(Verdict.Kind.NEVER_RECEIVED);
        assertThat(story.verdict().nextStep()).contains("answered 503").contains("backfill --since 2026-11-29");
        assertThat(story.timeline()).extracting(AssetStory.Entry::text).contains(
                "webhook \"Permalinker\" sent: HTTP 503 after 5 attempts (not delivered)");
    }

    @Test
    void networkErrorsContentstackSaw_eachAttemptInTheTimelineNeverASuccess() {
        AssetStory story = trace(asset(null), List.of(), List.of(), List.of(new Execution(NOW.minusSeconds(400),
                "Permalinker", null, 2, "not delivered", List.of(
                        new TraceSources.Attempt(NOW.minusSeconds(400), 0, "ECONNRESET (read ECONNRESET)"),
                        new TraceSources.Attempt(NOW.minusSeconds(395), 1, "503 \"Service Unavailable\"")))));

        assertThat(story.timeline()).extracting(AssetStory.Entry::text).contains(
                "webhook \"Permalinker\" sent: no HTTP status (see its attempts) after 2 attempts (not delivered)",
                "  attempt 0: ECONNRESET (read ECONNRESET)", "  attempt 1: 503 \"Service Unavailable\"");
    }

    @Test
    void deadLetteredInTheLogsButPurged_neverReceivedNamesIt() {
        AssetStory story = trace(asset(null), List.of(event(5, "BatchProcessor", "dead_lettered", null,
                "unauthorized")), List.of(), List.of());

        assertThat(story.verdict().kind()).isEqualTo(Verdict.Kind.NEVER_RECEIVED);
        assertThat(story.verdict().nextStep()).contains("no longer in the DLQ");
    }

    @Test
    void inTheDlq_deadLetteredWithItsCodeAndRedrive() {
        AssetStory story = trace(asset(null), List.of(), List.of(dead("max_receives")), List.of());

        assertThat(story.verdict().label()).isEqualTo("dead-lettered: max_receives");
        assertThat(story.verdict().nextStep()).endsWith("permalinker-ops dlq redrive --asset " + UID)
                .doesNotContain("--code");
    }

    @Test
    void deletedWithADeadLetter_neverSuggestsEmptyingTheDlq() {
        AssetStory story = trace(missing(), List.of(event(5, "BatchProcessor", "dead_lettered", null,
                "asset_deleted")), List.of(dead("asset_deleted")), List.of());

        assertThat(story.verdict().kind()).isEqualTo(Verdict.Kind.DELETED);
        assertThat(story.verdict().nextStep()).doesNotContain("purge").contains("needs no redrive");
    }

    @Test
    void everyVerdict_neverSuggestsPurge() {
        List<AssetStory> stories = List.of(
                trace(missing(), List.of(), List.of(dead("asset_deleted")), List.of()),
                trace(asset(null), List.of(), List.of(dead("unauthorized")), List.of()),
                trace(asset(null), List.of(event(3, "BatchProcessor", "dead_lettered", null, "rejected")),
                        List.of(), List.of()));
        assertThat(stories).allSatisfy(story -> assertThat(story.verdict().nextStep()).doesNotContain("purge"));
    }

    private static LogEvent otherStacks(int minutesAgo, String outcome, String apiKey, String branch) {
        return new LogEvent(NOW.minus(Duration.ofMinutes(minutesAgo)), "BatchProcessor", outcome, UID, "m-9", null,
                null, null, 1, 1, apiKey, branch);
    }

    @Test
    void anotherStacksLinesForTheSameUid_leftOut_notOk() {
        CmaResponse refused = CmaResponse.of(401, "{\"error_code\":105}", json);
        AssetStory story = trace(refused, List.of(otherStacks(2, "written", "bltotherstack0001", "main"),
                otherStacks(1, "written", KEY, "development")), List.of(), List.of());

        assertThat(story.events()).isEmpty();
        assertThat(story.verdict().kind()).isNotEqualTo(Verdict.Kind.OK);
    }

    @Test
    void thisStacksLine_kept() {
        CmaResponse refused = CmaResponse.of(401, "{\"error_code\":105}", json);
        AssetStory story = trace(refused, List.of(otherStacks(2, "written", KEY, "main")), List.of(), List.of());

        assertThat(story.events()).hasSize(1);
        assertThat(story.verdict().kind()).isEqualTo(Verdict.Kind.OK);
    }

    private AssetStory withLedger(AssetLookup row, CmaResponse cma) {
        int[] reads = {0};
        AssetStory story = new AssetTrace((apiKey, branch, uid) -> {
            reads[0]++;
            return row;
        }, (apiKey, branch, uid) -> cma, Region.NA, null, new LogEventSource() {
            @Override
            public List<LogEvent> eventsFor(String assetUid, Instant from, Instant to) {
                return List.of();
            }

            @Override
            public String describe() {
                return "fake";
            }
        }, uid -> List.of(), () -> new QueueView(0, 0, 0, 0), (apiKey, branch, uid, from) -> List.of(),
                Clock.fixed(NOW, ZoneOffset.UTC)).trace(KEY, "main", UID, Duration.ofHours(24));
        assertThat(reads[0]).as("one ledger read").isEqualTo(1);
        return story;
    }

    private static AssetEntry entry(AssetState state, QueueSource by, FailureCode failure, String url) {
        return new AssetEntry(new AssetKey(KEY, "main", UID), state, by, failure, url, 2,
                NOW.minus(Duration.ofMinutes(30)), NOW.minus(Duration.ofMinutes(10)), Instant.parse(
                        "2026-12-13T18:00:00Z"));
    }

    @Test
    void ledgerRow_isTheBackboneOfTheStory() {
        AssetStory story = withLedger(new AssetLookup.Found(entry(AssetState.WRITTEN, QueueSource.WEBHOOK, null,
                RULE)), CmaResponse.of(401, "{\"error_code\":105}", json));

        assertThat(story.verdict().kind()).as("the ledger has its URL though the CMA could not be read")
                .isEqualTo(Verdict.Kind.OK);
        assertThat(story.timeline()).extracting(AssetStory.Entry::source).startsWith("ledger", "ledger");
        assertThat(story.timeline().get(1).text()).contains("written").contains("queued by webhook");
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        TraceReport.print(story, NOW, new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("ledger:        written (queued by webhook), 2 attempt(s), URL " + RULE
                        + ", first seen 2026-11-29T17:30:00Z, last change 2026-11-29T17:50:00Z");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> ledger = (java.util.Map<String, Object>) TraceReport.json(story).get("ledger");
        assertThat(ledger).containsEntry("state", "written").containsEntry("queuedBy", "webhook")
                .containsEntry("permanentUrl", RULE).containsEntry("attempts", 2)
                .containsEntry("firstSeen", "2026-11-29T17:30:00Z");
    }

    @Test
    void ledgerDeadLetteredAndDlqUnread_deadLetteredWithTheLedgersCode() {
        AssetStory story = new AssetTrace((apiKey, branch, uid) -> new AssetLookup.Found(entry(
                AssetState.DEAD_LETTERED, null, FailureCode.REJECTED, null)), (apiKey, branch, uid) -> asset(null),
                Region.NA, null, new LogEventSource() {
                    @Override
                    public List<LogEvent> eventsFor(String assetUid, Instant from, Instant to) {
                        return List.of();
                    }

                    @Override
                    public String describe() {
                        return "fake";
                    }
                }, uid -> {
                    throw new TraceGap("DLQ_URL is not set");
                }, () -> new QueueView(0, 0, 0, 0), (apiKey, branch, uid, from) -> List.of(),
                Clock.fixed(NOW, ZoneOffset.UTC)).trace(KEY, "main", UID, Duration.ofHours(24));

        assertThat(story.verdict().label()).isEqualTo("dead-lettered: rejected");
        assertThat(story.verdict().nextStep()).contains("dlq redrive --asset " + UID);
    }

    @Test
    void noLedgerConfigured_noLedgerInTheStory() {
        AssetStory story = trace(asset(RULE), List.of(), List.of(), List.of());

        assertThat(story.ledger()).isNull();
        assertThat(story.gaps()).doesNotContainKey("ledger");
        assertThat(TraceReport.json(story)).containsEntry("ledger", null);
    }

    @Test
    void cmaUnreadableButTheWorkerWroteIt_ok() {
        CmaResponse refused = CmaResponse.of(401, "{\"error_code\":105}", json);
        AssetStory story = trace(refused, List.of(event(1, "BatchProcessor", "written", null, null)), List.of(),
                List.of());

        assertThat(story.verdict().kind()).isEqualTo(Verdict.Kind.OK);
        assertThat(story.gaps()).containsKey("cma");
    }

    @Test
    void cmaUnreadableAndNobodyHeardOfIt_unknownPointsAtTheSettingsNotABackfill() {
        CmaResponse refused = CmaResponse.of(412, "{\"error_code\":109}", json);
        AssetStory story = trace(refused, List.of(), List.of(), List.of());

        assertThat(story.verdict().label()).isEqualTo("unknown");
        assertThat(story.verdict().nextStep()).contains("CS_CMA_URL").doesNotContain("backfill");
        assertThat(story.verdict().exitCode()).isEqualTo(1);
    }

    @Test
    void goneFromTheStackAndOnlyContentstackKnewIt_deleted() {
        AssetStory story = trace(missing(), List.of(), List.of(), List.of(new Execution(NOW.minusSeconds(90),
                "Permalinker", 401, 1, "not delivered")));

        assertThat(story.verdict().kind()).isEqualTo(Verdict.Kind.DELETED);
    }

    @Test
    void goneAndUnknownEverywhere_notFound() {
        AssetStory story = trace(missing(), List.of(), List.of(), List.of());

        assertThat(story.verdict().label()).isEqualTo("not found");
        assertThat(story.verdict().exitCode()).isEqualTo(1);
    }

    @Test
    void logsUnreadable_neverReceivedIsMarkedAGuess() {
        AssetStory story = new AssetTrace((apiKey, branch, uid) -> asset(null), Region.NA, null,
                LogEventSource.unavailable("AccessDeniedException"), uid -> List.of(), () -> new QueueView(0, 0, 0, 0),
                (apiKey, branch, uid, from) -> new ArrayList<>(), Clock.fixed(NOW, ZoneOffset.UTC))
                .trace(KEY, "main", UID, Duration.ofHours(24));

        assertThat(story.verdict().kind()).isEqualTo(Verdict.Kind.NEVER_RECEIVED);
        assertThat(story.verdict().nextStep()).contains("this is a guess");
        assertThat(story.gaps()).containsEntry("logs", "AccessDeniedException");
    }

    @Test
    void notFoundAnswers_asTheWorkerReadsThem() {
        assertThat(trace(CmaResponse.of(404, "", json), List.of(), List.of(), List.of()).cma().exists()).isFalse();
        assertThat(trace(missing(), List.of(), List.of(), List.of()).cma().exists()).isFalse();
        assertThat(trace(CmaResponse.of(422, "{\"error_code\":141,\"error_message\":\"The requested "
                + "object doesn't exist.\"}", json), List.of(), List.of(), List.of()).cma().exists()).isFalse();
        AssetStory updateFailed = trace(CmaResponse.of(422, "{\"error_code\":141,\"error_message\":\"Asset update "
                + "failed.\"}", json), List.of(), List.of(), List.of());
        assertThat(updateFailed.cma()).isNull();
        assertThat(updateFailed.gaps()).containsEntry("cma", "the CMA answered HTTP 422 error_code 141");
    }

    /** Where trace was stricter than the worker: 141 with {@code errors.uid} and no "exist" in the message. */
    @Test
    void code141OnTheUid_missing_asTheWorkerDeadLettersIt() {
        AssetStory story = trace(CmaResponse.of(422, "{\"error_message\":\"Failed.\",\"error_code\":141,"
                + "\"errors\":{\"uid\":[\"is not valid.\"]}}", json), List.of(event(3, "BatchProcessor",
                "dead_lettered", null, "asset_deleted")), List.of(), List.of());

        assertThat(story.cma().exists()).isFalse();
        assertThat(story.verdict().kind()).isEqualTo(Verdict.Kind.DELETED);
    }

    static List<Sample> samples() {
        return CmaAnswerSamples.all();
    }

    /**
     * Every recorded CMA answer shape ({@link CmaAnswerSamples}, the table the worker's {@code CmaAnswersTest} reads
     * too) is read as cma-client classifies it: done is an asset, missing is "does not exist", refused credentials
     * and any other answer a named gap.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void cmaAnswer_everyRecordedShape_asCmaClientClassifiesIt(Sample sample) {
        AssetStory story = trace(sample.response(), List.of(), List.of(), List.of());

        switch (sample.kind()) {
            case DONE -> assertThat(story.cma().exists()).isTrue();
            case MISSING -> assertThat(story.cma().exists()).isFalse();
            case CREDENTIALS_REFUSED -> assertThat(story.gaps().get("cma")).startsWith("the CMA refused to read the "
                    + "asset (HTTP " + sample.status() + ")").contains("CS_REGION NA");
            case THROTTLED, TRANSIENT, REJECTED -> assertThat(story.gaps().get("cma"))
                    .startsWith("the CMA answered HTTP " + sample.status());
        }
    }
}
