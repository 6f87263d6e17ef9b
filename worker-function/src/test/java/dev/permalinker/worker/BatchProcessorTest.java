package dev.permalinker.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** FIFO partial-failure semantics of one batch. */
class BatchProcessorTest {
    private final ScriptedCma cma = new ScriptedCma();
    private final List<String> deadLettered = new ArrayList<>();
    private boolean dlqDown;
    private final DeadLetterPublisher dlq = (message, code, detail, attempts) -> {
        if (dlqDown) {
            throw new DeadLetterPublisher.DeadLetterException("down", null);
        }
        deadLettered.add(message.messageId() + ":" + code.wire());
    };
    private final BatchProcessor processor = new BatchProcessor(
            new PermalinkService(cma, new AdaptiveRateLimiter(1000, System::nanoTime, d -> { }),
                    new RetryPolicy(1, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(1), d -> { }, new Random(1),
                    JsonCodec.create()),
            dlq, JsonCodec.create());

    private List<String> process(List<QueueMessage> messages) {
        return processor.process(messages, Deadline.after(Duration.ofMinutes(1)));
    }

    @Test
    void process_allSucceed_noFailures() {
        assertThat(process(List.of(Jobs.message("m1", "a"), Jobs.message("m2", "b")))).isEmpty();
        assertThat(cma.calls).hasSize(2);
    }

    @Test
    void process_failureInGroup_laterMessagesOfThatGroupFailedUnprocessedOtherGroupsGoOn() {
        cma.put(503);
        List<QueueMessage> batch = List.of(
                Jobs.message("a1", "a"), Jobs.message("b1", "b"), Jobs.message("a2", "a"), Jobs.message("c1", "c"));

        List<String> failed = process(batch);

        assertThat(failed).containsExactly("a1", "a2");
        assertThat(cma.calls).extracting(c -> c.split(" ")[1]).containsExactly("a", "b", "c");
    }

    @Test
    void process_deadLettered_isNotReportedFailedAndDoesNotBlockItsGroup() {
        cma.put(404).get(404, "{}");

        List<String> failed = process(List.of(Jobs.message("a1", "a"), Jobs.message("a2", "a")));

        assertThat(failed).isEmpty();
        assertThat(deadLettered).containsExactly("a1:" + FailureCode.ASSET_DELETED.wire());
    }

    @Test
    void process_dlqUnavailable_messageReportedFailedNotLost() {
        dlqDown = true;
        cma.put(404).get(404, "{}");

        assertThat(process(List.of(Jobs.message("a1", "a")))).containsExactly("a1");
    }

    @Test
    void process_bodyNotAJob_deadLetteredInvalidJob() {
        List<String> failed = process(List.of(new QueueMessage("x1", "{not json", "g", 1)));

        assertThat(failed).isEmpty();
        assertThat(deadLettered).containsExactly("x1:invalid_job");
        assertThat(cma.calls).isEmpty();
    }

    @Test
    void process_parallelGroups_sameSemanticsFailuresInBatchOrder() {
        BatchProcessor parallel = new BatchProcessor(
                new PermalinkService(cma, new AdaptiveRateLimiter(1000, System::nanoTime, d -> { }),
                        new RetryPolicy(1, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(1), d -> { },
                        new Random(1), JsonCodec.create()),
                dlq, JsonCodec.create(), 4);
        cma.alwaysUnavailable.add("a");
        List<QueueMessage> batch = List.of(Jobs.message("a1", "a"), Jobs.message("b1", "b"), Jobs.message("c1", "c"),
                Jobs.message("a2", "a"), Jobs.message("d1", "d"), Jobs.message("b2", "b"));

        List<String> failed = parallel.process(batch, Deadline.after(Duration.ofMinutes(1)));

        assertThat(failed).containsExactly("a1", "a2");
        // a2 is never tried after a1 failed; b2 (same asset as b1) is answered by the recently-done cache.
        assertThat(cma.calls).extracting(c -> c.split(" ")[1]).containsExactlyInAnyOrder("a", "b", "c", "d");
    }

    @Test
    void process_timeBudgetSpent_everyMessageReportedFailed() {
        List<String> failed = processor.process(List.of(Jobs.message("a1", "a"), Jobs.message("b1", "b")),
                Deadline.after(Duration.ofMillis(100)));

        assertThat(failed).containsExactly("a1", "b1");
        assertThat(cma.calls).isEmpty();
    }
}
