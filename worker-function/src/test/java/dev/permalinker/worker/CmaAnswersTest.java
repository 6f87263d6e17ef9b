package dev.permalinker.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.cma.AdaptiveRateLimiter;
import dev.permalinker.cma.CmaAnswer.Kind;
import dev.permalinker.cma.CmaAnswerSamples;
import dev.permalinker.cma.CmaAnswerSamples.Sample;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.Region;
import dev.permalinker.retry.Backoff;
import dev.permalinker.retry.Deadline;
import dev.permalinker.worker.JobOutcome.DeadLetter;
import dev.permalinker.worker.JobOutcome.Retry;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The worker reads every recorded CMA answer shape ({@link CmaAnswerSamples}, the table cma-client's classification
 * and {@code trace} are tested on) as cma-client classifies it: missing is {@code asset_deleted}, refused credentials
 * {@code unauthorized}, throttled and transient a retry, anything else {@code rejected}.
 */
class CmaAnswersTest {
    private static final int ATTEMPTS = 3;
    private final ScriptedCma cma = new ScriptedCma();
    private final PermalinkService service = new PermalinkService(cma,
            new CmaPacing(new AdaptiveRateLimiter(1000, System::nanoTime, d -> { }),
                    new AdaptiveRateLimiter(1000, System::nanoTime, d -> { })), Region.NA, null,
            new Backoff(ATTEMPTS, Duration.ofMillis(1), Duration.ofMillis(2)), Duration.ofSeconds(1), d -> { },
            new Random(5), Jobs.SOON_AFTER);

    static List<Sample> refusals() {
        return CmaAnswerSamples.refusals();
    }

    /** What the worker makes of a read answered {@code kind}: the code of its dead letter, or {@code null} (retry). */
    static FailureCode expected(Kind kind) {
        return switch (kind) {
            case MISSING -> FailureCode.ASSET_DELETED;
            case CREDENTIALS_REFUSED -> FailureCode.UNAUTHORIZED;
            case REJECTED -> FailureCode.REJECTED;
            case THROTTLED, TRANSIENT -> null;
            case DONE -> throw new IllegalArgumentException("not a refusal");
        };
    }

    private static void assertOutcome(JobOutcome outcome, Sample sample) {
        FailureCode code = expected(sample.kind());
        if (code == null) {
            assertThat(outcome).as(sample.toString()).isInstanceOf(Retry.class);
        } else {
            assertThat(outcome).as(sample.toString()).isInstanceOf(DeadLetter.class);
            assertThat(((DeadLetter) outcome).code()).as(sample.toString()).isEqualTo(code);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void conciseJob_readAnsweredWithEveryRefusal_asCmaClientClassifiesIt(Sample sample) {
        for (int i = 0; i < ATTEMPTS; i++) {
            cma.gets.add(sample.response());
        }
        PermalinkJob concise = new PermalinkJob(1, Jobs.API_KEY, "main", "blt1", "", "", "",
                "2026-11-20T09:14:07.502Z", "2026-11-20T09:14:08Z");

        JobOutcome outcome = service.process(concise, Deadline.after(Duration.ofMinutes(1)));

        assertOutcome(outcome, sample);
        assertThat(cma.calls).as("a retryable read is tried again, no other").hasSize(
                sample.kind().retryable() ? ATTEMPTS : 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedWrite_checkAnsweredWithEveryRefusal_asCmaClientClassifiesIt(Sample sample) {
        cma.put(400).gets.add(sample.response());

        JobOutcome outcome = service.process(Jobs.job("blt1"), Deadline.after(Duration.ofMinutes(1)));

        assertOutcome(outcome, sample);
    }

    @Test
    void refusals_everyKindButDone() {
        assertThat(refusals()).extracting(Sample::kind).doesNotContain(Kind.DONE)
                .contains(Kind.MISSING, Kind.CREDENTIALS_REFUSED, Kind.THROTTLED, Kind.TRANSIENT, Kind.REJECTED);
    }
}
