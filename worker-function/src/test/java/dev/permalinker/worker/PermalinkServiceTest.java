package dev.permalinker.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.cma.AdaptiveRateLimiter;
import dev.permalinker.cma.CmaResponse;
import dev.permalinker.retry.Backoff;
import dev.permalinker.retry.Deadline;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.Region;
import dev.permalinker.worker.JobOutcome.DeadLetter;
import dev.permalinker.worker.JobOutcome.Done;
import dev.permalinker.worker.JobOutcome.Retry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract's decision table, one CMA answer at a time, with time and waits recorded rather than spent. */
class PermalinkServiceTest {
    private static final String EXPECTED_URL =
            "https://images.contentstack.io/v3/assets/" + Jobs.API_KEY + "/blt1/photo.jpg";

    /** The {@code triggeredAt} of {@link Jobs#job}. */
    private static final Instant JOB_TIME = Instant.parse("2026-11-20T09:14:07.502Z");
    /** A worker clock a few seconds after the job's event: the queue is not behind. */
    private static final Clock SOON_AFTER = Jobs.SOON_AFTER;

    private final ScriptedCma cma = new ScriptedCma();
    private final List<Duration> waits = new ArrayList<>();
    private final AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(1000, System::nanoTime, waits::add);
    private final AdaptiveRateLimiter reads = new AdaptiveRateLimiter(1000, System::nanoTime, waits::add);
    private final PermalinkService service = new PermalinkService(cma, new CmaPacing(limiter, reads), Region.NA, null,
            new Backoff(4, Duration.ofMillis(100), Duration.ofSeconds(2)), Duration.ofSeconds(1), waits::add,
            new Random(7), SOON_AFTER);

    /** The same service with the worker's clock {@code age} after the job's {@code triggeredAt}. */
    private PermalinkService serviceAt(Duration age) {
        return new PermalinkService(cma, new CmaPacing(limiter, reads), Region.NA, null,
                new Backoff(4, Duration.ofMillis(100), Duration.ofSeconds(2)), Duration.ofSeconds(1), waits::add,
                new Random(7), Clock.fixed(JOB_TIME.plus(age), ZoneOffset.UTC));
    }

    private JobOutcome process(String uid) {
        return service.process(Jobs.job(uid), Deadline.after(Duration.ofMinutes(1)));
    }

    @Test
    void process_2xx_doneWithOneWrite() {
        JobOutcome outcome = process("blt1");

        assertThat(outcome).isEqualTo(new Done(EXPECTED_URL, true, 1));
        assertThat(cma.calls).containsExactly("PUT blt1 " + EXPECTED_URL);
    }

    @Test
    void process_sameAssetTwice_secondCostsNoCall() {
        process("blt1");
        JobOutcome second = process("blt1");

        assertThat(second).isEqualTo(new Done(EXPECTED_URL, false, 0));
        assertThat(cma.calls).hasSize(1);
    }

    @Test
    void process_429ThenOk_slowsDownAndRetries() {
        cma.put(429, 429);

        JobOutcome outcome = process("blt1");

        assertThat(outcome).isInstanceOf(Done.class).extracting(JobOutcome::attempts).isEqualTo(3);
        // Each 429 pushes the limiter's next slot a full interval back (1 ms at 1000/s) besides the backoff; the
        // rate itself is judged per second (AdaptiveRateLimiterTest).
        assertThat(waits).isNotEmpty();
        assertThat(waits).filteredOn(w -> w.compareTo(Duration.ofMillis(1)) <= 0 && !w.isZero()).isNotEmpty();
    }

    @Test
    void process_429WithRetryAfter_waitsThatLong() {
        cma.puts.add(CmaResponse.of(429, "{}", JsonCodec.create(), Optional.of(Duration.ofSeconds(3)),
                OptionalInt.empty(), OptionalInt.empty()));

        process("blt1");

        assertThat(waits).contains(Duration.ofSeconds(3));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, ScriptedCma.TIMEOUT})
    void process_transientThenOk_retriesWithBackoff(int status) {
        cma.put(status);

        JobOutcome outcome = process("blt1");

        assertThat(outcome).isInstanceOf(Done.class).extracting(JobOutcome::attempts).isEqualTo(2);
        assertThat(cma.calls).hasSize(2);
    }

    @Test
    void process_transientEveryTime_retryAfterMaxAttemptsNeverDeadLetter() {
        cma.put(503, 503, 503, 503, 503);

        JobOutcome outcome = process("blt1");

        assertThat(outcome).isInstanceOf(Retry.class);
        assertThat(((Retry) outcome).reason()).contains("503");
        assertThat(cma.calls).hasSize(4);
    }

    @Test
    void process_4xxAndUrlAlreadySet_doneWithoutWrite() {
        cma.put(422).get(200, "{\"asset\":{\"uid\":\"blt1\",\"permanent_url\":\"https://elsewhere/x\"}}");

        JobOutcome outcome = process("blt1");

        assertThat(outcome).isEqualTo(new Done("https://elsewhere/x", false, 1));
        assertThat(cma.calls).containsExactly("PUT blt1 " + EXPECTED_URL, "GET blt1");
    }

    @Test
    void process_4xxAndAssetGone_deadLetterAssetDeleted() {
        cma.put(404).get(404, "{\"error_message\":\"Asset was not found.\"}");

        JobOutcome outcome = process("blt1");

        assertThat(outcome).isInstanceOf(DeadLetter.class);
        assertThat(((DeadLetter) outcome).code()).isEqualTo(FailureCode.ASSET_DELETED);
        assertThat(((DeadLetter) outcome).detail()).contains("PUT 404").contains("Asset was not found.");
    }

    /** GET status, GET body, expected failure code, text the detail must carry. */
    static Stream<Arguments> notFoundAndOtherShapes() {
        return Stream.of(
                Arguments.of(404, "{\"error_message\":\"Asset was not found.\"}", FailureCode.ASSET_DELETED,
                        "Asset was not found."),
                Arguments.of(404, "Not Found", FailureCode.ASSET_DELETED, "Not Found"),
                Arguments.of(422, "{\"error_message\":\"Asset was not found.\",\"error_code\":145}",
                        FailureCode.ASSET_DELETED, "Asset was not found."),
                Arguments.of(422, "{\"error_message\":\"The requested object doesn't exist.\",\"error_code\":141}",
                        FailureCode.ASSET_DELETED, "The requested object doesn't exist."),
                Arguments.of(422, "{\"error_message\":\"Failed.\",\"error_code\":141,"
                        + "\"errors\":{\"uid\":[\"is not valid.\"]}}", FailureCode.ASSET_DELETED, "uid is not valid."),
                Arguments.of(422, "{\"errors\":{\"uid\":[\"is not valid.\"]}}", FailureCode.ASSET_DELETED,
                        "uid is not valid."),
                Arguments.of(422, "{\"message\":\"The requested object does not exist.\"}",
                        FailureCode.ASSET_DELETED, "The requested object does not exist."),
                // 141 is also a generic validation code: an errors entry on another field is no "not found".
                Arguments.of(422, "{\"error_message\":\"Failed.\",\"error_code\":141,"
                        + "\"errors\":{\"environment\":[\"is required.\"]}}", FailureCode.REJECTED,
                        "environment is required."),
                Arguments.of(400, "{\"message\":\"Bad request shape\"}", FailureCode.REJECTED, "Bad request shape"),
                Arguments.of(400, "{\"error_code\":999}", FailureCode.REJECTED, "{\"error_code\":999}"),
                Arguments.of(400, "<html>proxy says no</html>", FailureCode.REJECTED, "<html>proxy says no</html>"),
                Arguments.of(412, "{\"error_message\":\"Api key is invalid.\",\"error_code\":109}",
                        FailureCode.UNAUTHORIZED, "not in CS_REGION NA (api.contentstack.io)"),
                Arguments.of(412, "{\"error_message\":\"Api key is invalid.\",\"error_code\":109}",
                        FailureCode.UNAUTHORIZED, "Api key is invalid."),
                Arguments.of(401, "{\"message\":\"Unauthorized\"}", FailureCode.UNAUTHORIZED, "Unauthorized"),
                Arguments.of(403, "", FailureCode.UNAUTHORIZED, "region CS_REGION NA"));
    }

    @ParameterizedTest(name = "GET {0} {1} -> {2}")
    @MethodSource("notFoundAndOtherShapes")
    void process_4xxThenGetInEveryErrorShape_codeAndDetailCarryTheText(int status, String body, FailureCode code,
                                                                       String text) {
        cma.put(400).get(status, body);

        JobOutcome outcome = process("blt1");

        assertThat(outcome).isInstanceOf(DeadLetter.class);
        assertThat(((DeadLetter) outcome).code()).isEqualTo(code);
        assertThat(((DeadLetter) outcome).detail()).contains(text);
    }

    @ParameterizedTest(name = "GET {0} {1} -> {2}")
    @MethodSource("notFoundAndOtherShapes")
    void process_conciseJobGetInEveryErrorShape_sameCodeAndText(int status, String body, FailureCode code,
                                                               String text) {
        cma.get(status, body);

        JobOutcome outcome = service.process(concise("blt1"), Deadline.after(Duration.ofMinutes(1)));

        assertThat(outcome).isInstanceOf(DeadLetter.class);
        assertThat(((DeadLetter) outcome).code()).isEqualTo(code);
        assertThat(((DeadLetter) outcome).detail()).contains(text);
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 412})
    void process_4xxAndCredentialsRefused_deadLetterUnauthorized(int status) {
        cma.put(status).get(status, "{\"error_message\":\"nope\"}");

        JobOutcome outcome = process("blt1");

        assertThat(outcome).isInstanceOf(DeadLetter.class);
        assertThat(((DeadLetter) outcome).code()).isEqualTo(FailureCode.UNAUTHORIZED);
    }

    @Test
    void process_4xxAndNoUrlOnAsset_deadLetterRejected() {
        cma.put(422).get(200, "{\"asset\":{\"uid\":\"blt1\"}}");

        JobOutcome outcome = process("blt1");

        assertThat(outcome).isInstanceOf(DeadLetter.class);
        assertThat(((DeadLetter) outcome).code()).isEqualTo(FailureCode.REJECTED);
        assertThat(((DeadLetter) outcome).detail()).contains("PUT 422");
    }

    @Test
    void process_4xxAndCheckThrottled_retryNotDeadLetter() {
        cma.put(400).get(429, "{}");

        assertThat(process("blt1")).isInstanceOf(Retry.class);
    }

    @Test
    void process_4xxAndOtherGetStatus_deadLetterRejected() {
        cma.put(400).get(400, "{\"error_message\":\"bad\"}");

        JobOutcome outcome = process("blt1");

        assertThat(((DeadLetter) outcome).code()).isEqualTo(FailureCode.REJECTED);
    }

    @Test
    void process_noTimeLeft_retryWithoutCalling() {
        JobOutcome outcome = service.process(Jobs.job("blt1"), Deadline.after(Duration.ofMillis(500)));

        assertThat(outcome).isInstanceOf(Retry.class);
        assertThat(cma.calls).isEmpty();
    }

    @Test
    void process_interruptedWhileBackingOff_retryKeepingTheInterrupt() {
        cma.put(503);
        PermalinkService interrupted = new PermalinkService(cma, new CmaPacing(limiter, reads), Region.NA, null,
                new Backoff(4, Duration.ofMillis(100), Duration.ofSeconds(2)), Duration.ofSeconds(1), wait -> {
                    throw new InterruptedException();
                }, new Random(7), SOON_AFTER);

        JobOutcome outcome = interrupted.process(Jobs.job("blt1"), Deadline.after(Duration.ofMinutes(1)));

        assertThat(outcome).isEqualTo(new Retry("interrupted", 1));
        assertThat(Thread.interrupted()).isTrue();
        assertThat(cma.calls).hasSize(1);
    }

    @Test
    void process_unsafeUid_deadLetterInvalidJob() {
        JobOutcome outcome = process("bad/uid");

        assertThat(outcome).isInstanceOf(DeadLetter.class);
        assertThat(((DeadLetter) outcome).code()).isEqualTo(FailureCode.INVALID_JOB);
        assertThat(cma.calls).isEmpty();
    }

    private static PermalinkJob concise(String uid) {
        return new PermalinkJob(1, Jobs.API_KEY, "main", uid, "", "", "", "2026-11-20T09:14:07.502Z",
                "2026-11-20T09:14:08Z");
    }

    @Test
    void process_concisePayload_readsTheAssetThenWritesItsUrl() {
        cma.get(200, "{\"asset\":{\"uid\":\"blt2\",\"filename\":\"Brochure 2.pdf\",\"content_type\":"
                + "\"application/pdf\",\"url\":\"https://app.contentstack.com/v3/assets/x/blt2/y/Brochure_2.pdf\"}}");

        JobOutcome outcome = service.process(concise("blt2"), Deadline.after(Duration.ofMinutes(1)));

        String expected = "https://assets.contentstack.io/v3/assets/" + Jobs.API_KEY + "/blt2/Brochure_2.pdf";
        assertThat(outcome).isEqualTo(new Done(expected, true, 1));
        assertThat(cma.calls).containsExactly("GET blt2", "PUT blt2 " + expected);
    }

    @Test
    void process_concisePayloadAlreadySet_doneWithoutAWrite() {
        cma.get(200, "{\"asset\":{\"uid\":\"blt2\",\"url\":\"https://x/y\",\"permanent_url\":\"https://p/q\"}}");

        JobOutcome outcome = service.process(concise("blt2"), Deadline.after(Duration.ofMinutes(1)));

        assertThat(outcome).isEqualTo(new Done("https://p/q", false, 1));
        assertThat(cma.calls).containsExactly("GET blt2");
    }

    @Test
    void process_concisePayloadAssetGone422Code145_assetDeletedWithoutAWrite() {
        cma.get(422, "{\"error_message\":\"Asset was not found.\",\"error_code\":145}");

        JobOutcome outcome = service.process(concise("blt2"), Deadline.after(Duration.ofMinutes(1)));

        assertThat(outcome).isInstanceOf(DeadLetter.class);
        assertThat(((DeadLetter) outcome).code()).isEqualTo(FailureCode.ASSET_DELETED);
        assertThat(cma.calls).containsExactly("GET blt2");
    }

    @Test
    void process_put422Code145ThenGet422Code145_assetDeletedNotRejected() {
        cma.puts.add(CmaResponse.of(422, "{\"error_message\":\"Asset was not found.\",\"error_code\":145}",
                JsonCodec.create()));
        cma.get(422, "{\"error_message\":\"Asset was not found.\",\"error_code\":145}");

        JobOutcome outcome = process("blt1");

        assertThat(((DeadLetter) outcome).code()).isEqualTo(FailureCode.ASSET_DELETED);
        assertThat(((DeadLetter) outcome).detail()).contains("error_code 145");
    }

    @Test
    void process_stackWithoutToken_unauthorizedNamingTheStack() {
        PermalinkService strict = new PermalinkService(new dev.permalinker.cma.ContentstackClient(
                java.net.http.HttpClient.newHttpClient(), java.net.URI.create("http://127.0.0.1:9"),
                dev.permalinker.cma.ManagementTokens.single("bltother", "secret-token"), JsonCodec.create(),
                dev.permalinker.cma.CmaCallListener.NONE),
                new CmaPacing(limiter, reads), Region.NA, null, PermalinkService.STANDARD_BACKOFF,
                Duration.ofSeconds(1), waits::add, new Random(1), SOON_AFTER);

        JobOutcome outcome = strict.process(Jobs.job("blt1"), Deadline.after(Duration.ofMinutes(1)));

        assertThat(((DeadLetter) outcome).code()).isEqualTo(FailureCode.UNAUTHORIZED);
        assertThat(((DeadLetter) outcome).detail()).contains(Jobs.API_KEY).doesNotContain("secret-token");
    }

    @Test
    void process_customAssetHost_usedForTheUrl() {
        PermalinkService custom = new PermalinkService(cma, new CmaPacing(limiter, reads), Region.NA,
                "media.example.com", PermalinkService.STANDARD_BACKOFF, Duration.ofSeconds(1), waits::add,
                new Random(1), SOON_AFTER);

        JobOutcome outcome = custom.process(Jobs.job("blt3"), Deadline.after(Duration.ofMinutes(1)));

        assertThat(((Done) outcome).permanentUrl()).startsWith("https://media.example.com/v3/assets/");
    }

    @Test
    void process_redeliveredAndAlreadySet_costsOneReadNoWrite() {
        cma.get(200, "{\"asset\":{\"uid\":\"blt1\",\"url\":\"https://x/y\",\"permanent_url\":\"" + EXPECTED_URL
                + "\"}}");

        JobOutcome outcome = service.process(Jobs.job("blt1"), 2, Deadline.after(Duration.ofMinutes(1)));

        assertThat(outcome).isEqualTo(new Done(EXPECTED_URL, false, 1));
        assertThat(cma.calls).containsExactly("GET blt1");
    }

    @Test
    void process_redeliveredNotYetSet_readsThenWritesTheJobsOwnUrl() {
        cma.get(200, "{\"asset\":{\"uid\":\"blt1\",\"url\":\"https://other.example.com/z/other.png\"}}");

        JobOutcome outcome = service.process(Jobs.job("blt1"), 3, Deadline.after(Duration.ofMinutes(1)));

        assertThat(outcome).isEqualTo(new Done(EXPECTED_URL, true, 1));
        assertThat(cma.calls).containsExactly("GET blt1", "PUT blt1 " + EXPECTED_URL);
    }

    // ---- a job older than SQS's deduplication window reads first ----

    @Test
    void process_lateJobAssetAlreadySet_oneReadNoWriteAlreadySet() {
        cma.get(200, "{\"asset\":{\"uid\":\"blt1\",\"url\":\"https://x/y\",\"permanent_url\":\"" + EXPECTED_URL
                + "\"}}");

        JobOutcome outcome = serviceAt(Duration.ofMinutes(20)).process(Jobs.job("blt1"),
                Deadline.after(Duration.ofMinutes(1)));

        // Done without a write is what the batch logs and counts as already_set.
        assertThat(outcome).isEqualTo(new Done(EXPECTED_URL, false, 1));
        assertThat(cma.calls).containsExactly("GET blt1");
    }

    @Test
    void process_lateJobAssetWithoutUrl_oneReadThenOneWriteOfTheJobsOwnUrl() {
        cma.get(200, "{\"asset\":{\"uid\":\"blt1\",\"url\":\"https://other.example.com/z/other.png\"}}");

        JobOutcome outcome = serviceAt(Duration.ofMinutes(20)).process(Jobs.job("blt1"),
                Deadline.after(Duration.ofMinutes(1)));

        assertThat(outcome).isEqualTo(new Done(EXPECTED_URL, true, 1));
        assertThat(cma.calls).containsExactly("GET blt1", "PUT blt1 " + EXPECTED_URL);
    }

    @Test
    void process_lateJobAssetGone_deadLetterWithoutAWrite() {
        cma.get(422, "{\"error_message\":\"Asset was not found.\",\"error_code\":145}");

        JobOutcome outcome = serviceAt(Duration.ofHours(3)).process(Jobs.job("blt1"),
                Deadline.after(Duration.ofMinutes(1)));

        assertThat(((DeadLetter) outcome).code()).isEqualTo(FailureCode.ASSET_DELETED);
        assertThat(cma.calls).containsExactly("GET blt1");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 299})
    void process_jobWithinTheWindow_writesDirectly(int ageSeconds) {
        JobOutcome outcome = serviceAt(Duration.ofSeconds(ageSeconds)).process(Jobs.job("blt1"),
                Deadline.after(Duration.ofMinutes(1)));

        assertThat(outcome).isEqualTo(new Done(EXPECTED_URL, true, 1));
        assertThat(cma.calls).containsExactly("PUT blt1 " + EXPECTED_URL);
    }

    @Test
    void process_jobJustPastTheWindow_readsFirst() {
        PermalinkService service = serviceAt(PermalinkService.DEDUPLICATION_WINDOW.plusMillis(1));
        cma.get(200, "{\"asset\":{\"uid\":\"blt1\",\"url\":\"https://x/y.png\"}}");

        service.process(Jobs.job("blt1"), Deadline.after(Duration.ofMinutes(1)));

        assertThat(cma.calls).containsExactly("GET blt1", "PUT blt1 " + EXPECTED_URL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2026-11-20 09:14:07"})
    void process_lateClockButUnreadableTriggeredAt_writesDirectlyAsBefore(String triggeredAt) {
        PermalinkJob job = Jobs.job("blt1");
        PermalinkJob unreadable = new PermalinkJob(job.v(), job.apiKey(), job.branch(), job.assetUid(),
                job.filename(), job.assetUrl(), job.contentType(), triggeredAt, job.receivedAt());

        JobOutcome outcome = serviceAt(Duration.ofHours(1)).process(unreadable, Deadline.after(Duration.ofMinutes(1)));

        assertThat(outcome).isEqualTo(new Done(EXPECTED_URL, true, 1));
        assertThat(cma.calls).containsExactly("PUT blt1 " + EXPECTED_URL);
    }

    @Test
    void process_lateJobWithoutTriggeredAt_writesDirectlyAsBefore() {
        PermalinkJob job = Jobs.job("blt1");
        PermalinkJob without = new PermalinkJob(job.v(), job.apiKey(), job.branch(), job.assetUid(), job.filename(),
                job.assetUrl(), job.contentType(), null, job.receivedAt());

        serviceAt(Duration.ofHours(1)).process(without, Deadline.after(Duration.ofMinutes(1)));

        assertThat(cma.calls).containsExactly("PUT blt1 " + EXPECTED_URL);
    }
}
