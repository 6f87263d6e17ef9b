package dev.permalinker.ingest;

import dev.permalinker.model.JobPublisher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The enqueue retry with a fake clock: waits are recorded and advance time, a send takes what the test says. */
class RetryingJobPublisherTest {
    private static final Duration BUDGET = Duration.ofSeconds(5);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    private static final PermalinkJob JOB = new PermalinkJob(1, "bltstack0000000001", "main", "blt1", "a.png",
            "https://images.contentstack.io/v3/assets/k/blt1/v/a.png", "image/png", "2026-11-20T09:14:07.502Z",
            "2026-11-20T09:14:08Z");

    private long now;
    private final List<Duration> waits = new ArrayList<>();
    private double jitter = 1.0;

    /** Fails its first {@code failures} sends, each taking {@code sendTime}; then succeeds. */
    private final class FlakyPublisher implements JobPublisher {
        final int failures;
        final Duration sendTime;
        int calls;

        FlakyPublisher(int failures, Duration sendTime) {
            this.failures = failures;
            this.sendTime = sendTime;
        }

        @Override
        public void publish(PermalinkJob job) throws PublishException {
            calls++;
            now += sendTime.toNanos();
            if (calls <= failures) {
                throw new PublishException("SQS send failed: SdkClientException", new RuntimeException("refused"));
            }
        }
    }

    private RetryingJobPublisher retrying(JobPublisher delegate) {
        return new RetryingJobPublisher(delegate, BUDGET, ATTEMPT_TIMEOUT, () -> now, duration -> {
            waits.add(duration);
            now += duration.toNanos();
        }, () -> jitter);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void publish_failsNTimesThenSucceeds_triesNPlusOne(int failures) throws Exception {
        FlakyPublisher flaky = new FlakyPublisher(failures, Duration.ofMillis(20));

        retrying(flaky).publish(JOB);

        assertThat(flaky.calls).isEqualTo(failures + 1);
        assertThat(waits).hasSize(failures);
    }

    @Test
    void publish_waitsGrowDoublingFrom100MsWithJitter() throws Exception {
        jitter = 0.5;
        retrying(new FlakyPublisher(3, Duration.ZERO)).publish(JOB);

        assertThat(waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void delay_cappedAtOneSecond() {
        RetryingJobPublisher publisher = retrying(new FlakyPublisher(0, Duration.ZERO));

        assertThat(publisher.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(publisher.delay(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(publisher.delay(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(publisher.delay(40)).isEqualTo(Duration.ofSeconds(1));
        jitter = 0;
        assertThat(publisher.delay(3)).isZero();
    }

    @Test
    void publish_failsForever_givesUpInsideTheBudgetSayingHowManyTries() {
        FlakyPublisher down = new FlakyPublisher(Integer.MAX_VALUE, Duration.ofMillis(30));

        assertThatThrownBy(() -> retrying(down).publish(JOB)).isInstanceOf(JobPublisher.PublishException.class)
                .hasMessageStartingWith("SQS send failed: SdkClientException (" + down.calls + " tries in ");
        assertThat(down.calls).isGreaterThan(1);
        assertThat(Duration.ofNanos(now)).as("all tries and waits").isLessThanOrEqualTo(BUDGET);
    }

    @Test
    void publish_slowFailures_noTryThatCouldOverrunTheBudget() {
        // Each failed send takes its whole timeout: after two, a third (wait + 2 s) would end past 5 s.
        FlakyPublisher slow = new FlakyPublisher(Integer.MAX_VALUE, ATTEMPT_TIMEOUT);

        assertThatThrownBy(() -> retrying(slow).publish(JOB)).hasMessageContaining("(2 tries in ");
        assertThat(slow.calls).isEqualTo(2);
        assertThat(Duration.ofNanos(now)).isLessThanOrEqualTo(BUDGET);
    }

    @Test
    void publish_waitOverruns_noSecondTryThatCouldEndPastTheBudget() {
        FlakyPublisher flaky = new FlakyPublisher(1, ATTEMPT_TIMEOUT);
        // The 100 ms wait takes 1.5 s: after it, a 2 s try would end at 5.5 s.
        RetryingJobPublisher publisher = new RetryingJobPublisher(flaky, BUDGET, ATTEMPT_TIMEOUT, () -> now,
                duration -> now += Duration.ofMillis(1500).toNanos(), () -> jitter);

        assertThatThrownBy(() -> publisher.publish(JOB)).hasMessageContaining("(1 try in ");
        assertThat(flaky.calls).isEqualTo(1);
    }

    @Test
    void publish_interruptedWhileWaiting_givesUpAndKeepsTheInterrupt() {
        RetryingJobPublisher publisher = new RetryingJobPublisher(new FlakyPublisher(5, Duration.ZERO), BUDGET,
                ATTEMPT_TIMEOUT, () -> now, duration -> {
                    throw new InterruptedException();
                }, () -> jitter);

        assertThatThrownBy(() -> publisher.publish(JOB)).hasMessageContaining("(1 try in ");
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void constructor_oneTryLongerThanTheBudget_refused() {
        assertThatThrownBy(() -> new RetryingJobPublisher(job -> { }, Duration.ofSeconds(1), Duration.ofSeconds(2),
                () -> 0, d -> { }, () -> 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void throughTheService_twoFailedSendsThenQueued_202NotA503() {
        FlakyPublisher flaky = new FlakyPublisher(2, Duration.ofMillis(10));
        IngestService service = IngestService.create(IngestConfig.fromEnv(TestWebhooks.env()), JsonCodec.create(),
                retrying(flaky), TestWebhooks.CLOCK);

        IngestResult result = service.handle(TestWebhooks.signed(TestWebhooks.fixture()));

        assertThat(result.status()).isEqualTo(202);
        assertThat(flaky.calls).isEqualTo(3);
    }

    @Test
    void throughTheService_queueDownForTheWholeBudget_503() {
        IngestService service = IngestService.create(IngestConfig.fromEnv(TestWebhooks.env()), JsonCodec.create(),
                retrying(new FlakyPublisher(Integer.MAX_VALUE, Duration.ofMillis(10))), TestWebhooks.CLOCK);

        IngestResult result = service.handle(TestWebhooks.signed(TestWebhooks.fixture()));

        assertThat(result.status()).isEqualTo(503);
        assertThat(result.body().toString()).contains("queue_unavailable");
    }
}
