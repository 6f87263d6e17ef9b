package dev.permalinker.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.ReleaseAction;
import dev.permalinker.telemetry.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleaseDebouncerTest {
    private static final Duration DEBOUNCE = Duration.ofSeconds(60);
    private static final String STACK = "bltstack000000001";

    private Instant now = Instant.parse("2026-11-29T10:00:00Z");
    private final FakeFifoQueue queue = new FakeFifoQueue(() -> now);
    private final List<ReleaseAction> performed = new ArrayList<>();
    private final List<Instant> performedAt = new ArrayList<>();
    /** Failures the target answers before it succeeds; -1: always fails. */
    private int failuresLeft;
    private final JsonCodec json = JsonCodec.create();

    private final ActionTarget target = new ActionTarget() {
        @Override
        public void perform(ReleaseAction action) throws ActionFailedException {
            if (failuresLeft != 0) {
                failuresLeft = failuresLeft > 0 ? failuresLeft - 1 : -1;
                throw new ActionFailedException("hook example.com answered HTTP 500", null);
            }
            performed.add(action);
            performedAt.add(now);
        }

        @Override
        public String describe() {
            return "test";
        }
    };

    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private ReleaseDebouncer debouncer() {
        return new ReleaseDebouncer(queue, List.of(target), DEBOUNCE, 3, Duration.ofSeconds(10), json, clock,
                Metrics.NONE);
    }

    /** A target that records its calls and fails the first {@code failures} of them (-1: every one). */
    private final class CountingTarget implements ActionTarget {
        private final String id;
        private int failures;
        final List<Instant> calls = new ArrayList<>();

        CountingTarget(String id, int failures) {
            this.id = id;
            this.failures = failures;
        }

        @Override
        public void perform(ReleaseAction action) throws ActionFailedException {
            calls.add(now);
            if (failures != 0) {
                failures = failures > 0 ? failures - 1 : -1;
                throw new ActionFailedException(id + " refused: ResourceNotFoundException", null);
            }
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String describe() {
            return id;
        }
    }

    private ReleaseDebouncer debouncer(List<ActionTarget> targets, Duration maxWait, Duration actionBudget) {
        return new ReleaseDebouncer(queue, targets, DEBOUNCE, maxWait, actionBudget, Duration.ofSeconds(5), 3,
                Duration.ofSeconds(10), json, clock, Metrics.NONE);
    }

    private ReleaseAction event(String release) {
        return ReleaseAction.release(STACK, "main", release, "Black Friday", "production", now);
    }

    /** Receives and processes until the queue has nothing visible, as the event source would at this instant. */
    private void drain(ReleaseDebouncer d) {
        for (int i = 0; i < 1_000; i++) {
            List<ActionMessage> batch = queue.receive();
            if (batch.isEmpty()) {
                return;
            }
            queue.complete(batch, d.process(batch, now.plusSeconds(30)));
        }
        throw new AssertionError("the queue never settled");
    }

    private void advance(Duration step, ReleaseDebouncer d) {
        now = now.plus(step);
        drain(d);
    }

    @Test
    void process_singleMessageNotQuietYet_heldForTheRestOfTheQuietPeriodAndKept() {
        ReleaseDebouncer d = debouncer();
        queue.ingest(event("bltrel1"));
        now = now.plusSeconds(15);
        List<ActionMessage> batch = queue.receive();

        List<String> kept = d.process(batch, now.plusSeconds(30));

        assertThat(kept).containsExactly(batch.get(0).messageId());
        assertThat(queue.holds).containsExactly(Duration.ofSeconds(45));
        assertThat(performed).isEmpty();
    }

    @Test
    void process_severalMessagesOfARelease_oneSummaryAllConsumedNoAction() {
        ReleaseDebouncer d = debouncer();
        Instant first = now;
        queue.ingest(event("bltrel1"));
        now = now.plusSeconds(5);
        queue.ingest(event("bltrel1"));
        now = now.plusSeconds(5);
        queue.ingest(event("bltrel1"));
        List<ActionMessage> batch = queue.receive();

        List<String> kept = d.process(batch, now.plusSeconds(30));

        assertThat(kept).isEmpty();
        assertThat(performed).isEmpty();
        assertThat(queue.sent).singleElement().satisfies(summary -> {
            assertThat(summary.events()).isEqualTo(3);
            assertThat(summary.firstSeenAt()).isEqualTo(first.toString());
            assertThat(summary.lastSeenAt()).isEqualTo(now.toString());
            assertThat(summary.messageGroupId()).isEqualTo(batch.get(0).groupId());
        });
    }

    @Test
    void process_quietRelease_actsOnceAndDeletes() {
        ReleaseDebouncer d = debouncer();
        queue.ingest(event("bltrel1"));
        now = now.plus(DEBOUNCE);
        List<ActionMessage> batch = queue.receive();

        assertThat(d.process(batch, now.plusSeconds(30))).isEmpty();
        assertThat(performed).hasSize(1);
    }

    @Test
    void burstOfTwoReleases_exactlyOneActionEachAfterItsQuietPeriod() {
        ReleaseDebouncer d = debouncer();
        Instant start = now;
        for (int i = 0; i < 150; i++) {
            queue.ingest(event("bltrelA"));
            if (i < 100) {
                queue.ingest(event("bltrelB"));
            }
        }
        drain(d);
        for (int s = 0; s < 120; s++) {
            advance(Duration.ofSeconds(1), d);
        }

        assertThat(performed).hasSize(2);
        assertThat(performed).extracting(ReleaseAction::releaseUid).containsExactlyInAnyOrder("bltrelA", "bltrelB");
        assertThat(performed).extracting(ReleaseAction::events).containsExactlyInAnyOrder(150, 100);
        assertThat(performedAt).allSatisfy(t -> assertThat(t).isBetween(start.plus(DEBOUNCE),
                start.plus(DEBOUNCE).plusSeconds(2)));
    }

    @Test
    void tricklingRelease_longerThanTheDedupWindow_oneActionAfterTheLastEvent() {
        ReleaseDebouncer d = debouncer();
        // 1,000 items at Contentstack's 200 executions per minute: one every 300 ms, five minutes in all; here
        // with gaps of up to 50 s between bunches, each shorter than the quiet period.
        Instant last = now;
        int events = 0;
        for (int second = 0; second < 600; second++) {
            boolean gap = (second / 100) % 2 == 1 && second % 100 < 50;
            if (!gap) {
                for (int k = 0; k < 3; k++) {
                    queue.ingest(event("bltrelT"));
                    events++;
                }
                last = now;
            }
            advance(Duration.ofSeconds(1), d);
        }
        for (int s = 0; s < 120; s++) {
            advance(Duration.ofSeconds(1), d);
        }

        assertThat(performed).singleElement().extracting(ReleaseAction::events).isEqualTo(events);
        assertThat(performedAt.get(0)).isBetween(last.plus(DEBOUNCE), last.plus(DEBOUNCE).plusSeconds(2));
    }

    @Test
    void failingHook_retriedWithBackoffThenSucceeds() {
        ReleaseDebouncer d = debouncer();
        failuresLeft = 1;
        queue.ingest(event("bltrel1"));
        now = now.plus(DEBOUNCE);
        drain(d);

        assertThat(performed).isEmpty();
        assertThat(queue.sent).singleElement().satisfies(retry -> {
            assertThat(retry.attempts()).isEqualTo(1);
            assertThat(retry.retryAt()).isEqualTo(now.plusSeconds(10).toString());
        });
        advance(Duration.ofSeconds(5), d);
        assertThat(performed).isEmpty();
        advance(Duration.ofSeconds(5), d);
        assertThat(performed).singleElement().extracting(ReleaseAction::attempts).isEqualTo(1);
        assertThat(queue.deadLetters).isEmpty();
    }

    @Test
    void alwaysFailingHook_deadLetteredHookFailedAfterTheLastAttempt() {
        ReleaseDebouncer d = debouncer();
        failuresLeft = -1;
        queue.ingest(event("bltrel1"));
        now = now.plus(DEBOUNCE);
        drain(d);
        for (int s = 0; s < 60; s++) {
            advance(Duration.ofSeconds(1), d);
        }

        assertThat(performed).isEmpty();
        assertThat(queue.deadLetters).singleElement().satisfies(dead -> {
            assertThat(dead.code()).isEqualTo(FailureCode.HOOK_FAILED);
            assertThat(dead.attempts()).isEqualTo(3);
            assertThat(dead.detail()).contains("HTTP 500");
        });
        assertThat(queue.messages).isEmpty();
    }

    @Test
    void process_dueMessageLastInAFullBatch_sentAgainBehindItsGroupNotActed() {
        ReleaseDebouncer d = debouncer();
        for (int i = 0; i < 9; i++) {
            queue.ingest(event("bltrelB"));
        }
        queue.ingest(event("bltrelA"));
        queue.ingest(event("bltrelA"));
        now = now.plus(DEBOUNCE);
        List<ActionMessage> batch = queue.receive();
        assertThat(batch).hasSize(10);

        List<String> kept = d.process(batch, now.plusSeconds(30));

        assertThat(kept).isEmpty();
        assertThat(performed).isEmpty();
        assertThat(queue.sent).extracting(ReleaseAction::releaseUid).containsExactlyInAnyOrder("bltrelB", "bltrelA");
        queue.complete(batch, kept);
        drain(d);
        advance(Duration.ofSeconds(1), d);
        advance(DEBOUNCE, d);
        assertThat(performed).extracting(ReleaseAction::releaseUid, ReleaseAction::events)
                .containsExactlyInAnyOrder(tuple("bltrelA", 2), tuple("bltrelB", 9));
    }

    @Test
    void process_notAReleaseAction_deadLetteredInvalidJob() {
        ReleaseDebouncer d = debouncer();
        List<ActionMessage> batch = List.of(new ActionMessage("x1", "rh", "g", "{\"v\":1}"));

        assertThat(d.process(batch, now.plusSeconds(30))).isEmpty();
        assertThat(queue.deadLetters).singleElement().extracting(FakeFifoQueue.DeadLetter::code)
                .isEqualTo(FailureCode.INVALID_JOB);
    }

    @Test
    void process_queueDownWhileCollapsing_everyMessageOfTheGroupKept() {
        ReleaseDebouncer d = debouncer();
        queue.ingest(event("bltrel1"));
        queue.ingest(event("bltrel1"));
        List<ActionMessage> batch = queue.receive();
        queue.failing = true;

        assertThat(d.process(batch, now.plusSeconds(30))).hasSize(2);
    }

    @Test
    void process_pastTheDeadline_dueActionKeptNotStarted() {
        ReleaseDebouncer d = debouncer();
        queue.ingest(event("bltrel1"));
        now = now.plus(DEBOUNCE);
        List<ActionMessage> batch = queue.receive();

        assertThat(d.process(batch, now.minusSeconds(1))).hasSize(1);
        assertThat(performed).isEmpty();
    }

    @Test
    void hookSucceedsBusFailsOnce_retryPerformsOnlyTheBus() {
        CountingTarget hook = new CountingTarget("hook", 0);
        CountingTarget bus = new CountingTarget("bus", 1);
        ReleaseDebouncer d = debouncer(List.of(hook, bus), Duration.ofMinutes(15), Duration.ofSeconds(20));
        queue.ingest(event("bltrel1"));
        now = now.plus(DEBOUNCE);
        drain(d);

        assertThat(queue.sent).singleElement().satisfies(retry -> {
            assertThat(retry.attempts()).isEqualTo(1);
            assertThat(retry.done()).containsExactly("hook");
        });
        for (int s = 0; s < 60; s++) {
            advance(Duration.ofSeconds(1), d);
        }

        assertThat(hook.calls).hasSize(1);
        assertThat(bus.calls).hasSize(2);
        assertThat(queue.deadLetters).isEmpty();
        assertThat(queue.messages).isEmpty();
    }

    @Test
    void hookSucceedsBusAlwaysFails_hookOnceThenDeadLetteredWithTheBusFailureAndWhatIsDone() {
        CountingTarget hook = new CountingTarget("hook", 0);
        CountingTarget bus = new CountingTarget("bus", -1);
        ReleaseDebouncer d = debouncer(List.of(hook, bus), Duration.ofMinutes(15), Duration.ofSeconds(20));
        queue.ingest(event("bltrel1"));
        now = now.plus(DEBOUNCE);
        drain(d);
        for (int s = 0; s < 120; s++) {
            advance(Duration.ofSeconds(1), d);
        }

        assertThat(hook.calls).hasSize(1);
        assertThat(bus.calls).hasSize(3);
        assertThat(queue.deadLetters).singleElement().satisfies(dead -> {
            assertThat(dead.code()).isEqualTo(FailureCode.HOOK_FAILED);
            assertThat(dead.attempts()).isEqualTo(3);
            assertThat(dead.detail()).isEqualTo("bus refused: ResourceNotFoundException");
            // A redrive of the dead letter performs only the bus.
            assertThat(json.read(dead.message().body(), ReleaseAction.class).done()).containsExactly("hook");
        });
        assertThat(queue.messages).isEmpty();
    }

    @Test
    void retryMergedWithLaterEvents_doneTargetActsAgainForThem() {
        ReleaseAction retried = event("bltrel1").afterFailedAttempt(now, List.of("hook"));
        ReleaseAction later = event("bltrel1");

        assertThat(retried.mergedWith(later).done()).isEmpty();
        assertThat(retried.mergedWith(retried).done()).containsExactly("hook");
    }

    @Test
    void process_messageWrittenBeforeDoneExisted_readAsNothingDone() {
        CountingTarget hook = new CountingTarget("hook", 0);
        ReleaseDebouncer d = debouncer(List.of(hook), Duration.ofMinutes(15), Duration.ofSeconds(20));
        ReleaseAction action = event("bltrel1");
        String old = json.write(action).replace(",\"done\":[]", "");
        assertThat(old).doesNotContain("done");
        now = now.plus(DEBOUNCE);

        assertThat(d.process(List.of(new ActionMessage("m1", "rh1", action.messageGroupId(), old)),
                now.plusSeconds(30))).isEmpty();
        assertThat(hook.calls).hasSize(1);
    }

    @Test
    void neverQuietRelease_firesAtTheMaxWaitAfterItsFirstEvent() {
        CountingTarget hook = new CountingTarget("hook", 0);
        Duration maxWait = Duration.ofMinutes(5);
        ReleaseDebouncer d = debouncer(List.of(hook), maxWait, Duration.ofSeconds(20));
        Instant start = now;
        // An event every 20 s for 12 minutes: never a quiet minute.
        for (int second = 0; second < 720; second++) {
            if (second % 20 == 0) {
                queue.ingest(event("bltrelT"));
            }
            advance(Duration.ofSeconds(1), d);
        }

        assertThat(hook.calls).isNotEmpty();
        assertThat(hook.calls.get(0)).isBetween(start.plus(maxWait), start.plus(maxWait).plusSeconds(2));
        // Each next action fires at the max wait after the first event it did not cover.
        assertThat(hook.calls).hasSize(2);
        assertThat(hook.calls.get(1)).isBetween(hook.calls.get(0).plus(maxWait),
                hook.calls.get(0).plus(maxWait).plusSeconds(22));
    }

    @Test
    void process_actionAndTheSqsCallAfterItWouldOverrun_keptNotStarted() {
        CountingTarget hook = new CountingTarget("hook", 0);
        ReleaseDebouncer d = debouncer(List.of(hook), Duration.ofMinutes(15), Duration.ofSeconds(15));
        queue.ingest(event("bltrel1"));
        now = now.plus(DEBOUNCE);
        List<ActionMessage> batch = queue.receive();

        assertThat(d.process(batch, now.plusSeconds(14))).hasSize(1);
        assertThat(hook.calls).isEmpty();
        assertThat(d.process(batch, now.plusSeconds(15))).isEmpty();
        assertThat(hook.calls).hasSize(1);
    }

    @Test
    void process_summaryOrHoldWouldOverrun_groupKeptWholeNothingSent() {
        ReleaseDebouncer d = debouncer();
        queue.ingest(event("bltrel1"));
        queue.ingest(event("bltrel1"));
        queue.ingest(event("bltrel2"));
        List<ActionMessage> batch = queue.receive();

        assertThat(d.process(batch, now.plusSeconds(4))).hasSize(3);
        assertThat(queue.sent).isEmpty();
        assertThat(queue.holds).isEmpty();
    }

    @Test
    void backoff_doublesAndIsCapped() {
        ReleaseDebouncer d = debouncer();

        assertThat(d.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.backoff(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(d.backoff(30)).isEqualTo(Duration.ofMinutes(15));
    }
}
