package dev.permalinker.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.retry.Deadline;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.worker.JobOutcome.DeadLetter;
import dev.permalinker.worker.JobOutcome.Done;
import dev.permalinker.worker.JobOutcome.Retry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** FIFO partial-failure semantics of one batch, over a scripted job handler. */
class BatchProcessorTest {
    /** Outcomes by asset uid; an asset without one is done. Records the uids it was asked to do. */
    private final Map<String, JobOutcome> scripted = new ConcurrentHashMap<>();
    private final List<String> handled = Collections.synchronizedList(new ArrayList<>());
    private final JobHandler handler = new JobHandler() {
        @Override
        public JobOutcome process(dev.permalinker.model.PermalinkJob job, int deliveries, Deadline deadline) {
            handled.add(job.assetUid());
            return scripted.getOrDefault(job.assetUid(), new Done("https://x/" + job.assetUid(), true, 1));
        }

        @Override
        public Duration minimumTime() {
            return Duration.ofSeconds(1);
        }
    };
    private final List<String> deadLettered = new ArrayList<>();
    private boolean dlqDown;
    private final DeadLetterPublisher dlq = (message, code, detail, attempts) -> {
        if (dlqDown) {
            throw new DeadLetterPublisher.DeadLetterException("down", null);
        }
        deadLettered.add(message.messageId() + ":" + code.wire());
    };
    private final BatchProcessor processor = new BatchProcessor(handler, dlq, JsonCodec.create());

    private List<String> process(List<QueueMessage> messages) {
        return processor.process(messages, Deadline.after(Duration.ofMinutes(1)));
    }

    @Test
    void process_allSucceed_noFailures() {
        assertThat(process(List.of(Jobs.message("m1", "a"), Jobs.message("m2", "b")))).isEmpty();
        assertThat(handled).hasSize(2);
    }

    @Test
    void process_failureInGroup_laterMessagesOfThatGroupFailedUnprocessedOtherGroupsGoOn() {
        scripted.put("a", new Retry("CMA answered 503", 1));
        List<QueueMessage> batch = List.of(
                Jobs.message("a1", "a"), Jobs.message("b1", "b"), Jobs.message("a2", "a"), Jobs.message("c1", "c"));

        List<String> failed = process(batch);

        assertThat(failed).containsExactly("a1", "a2");
        assertThat(handled).containsExactly("a", "b", "c");
    }

    @Test
    void process_deadLettered_isNotReportedFailedAndDoesNotBlockItsGroup() {
        scripted.put("a", new DeadLetter(FailureCode.ASSET_DELETED, "gone", 1));

        List<String> failed = process(List.of(Jobs.message("a1", "a"), Jobs.message("a2", "a")));

        assertThat(failed).isEmpty();
        assertThat(deadLettered).containsExactly("a1:" + FailureCode.ASSET_DELETED.wire(),
                "a2:" + FailureCode.ASSET_DELETED.wire());
    }

    @Test
    void process_dlqUnavailable_messageReportedFailedNotLost() {
        dlqDown = true;
        scripted.put("a", new DeadLetter(FailureCode.ASSET_DELETED, "gone", 1));

        assertThat(process(List.of(Jobs.message("a1", "a")))).containsExactly("a1");
    }

    @Test
    void process_bodyNotAJob_deadLetteredInvalidJob() {
        List<String> failed = process(List.of(new QueueMessage("x1", "{not json", "g", 1)));

        assertThat(failed).isEmpty();
        assertThat(deadLettered).containsExactly("x1:invalid_job");
        assertThat(handled).isEmpty();
    }

    @Test
    void process_parallelGroups_sameSemanticsFailuresInBatchOrder() {
        BatchProcessor parallel = new BatchProcessor(handler, dlq, JsonCodec.create(), 4);
        scripted.put("a", new Retry("CMA answered 503", 1));
        List<QueueMessage> batch = List.of(Jobs.message("a1", "a"), Jobs.message("b1", "b"), Jobs.message("c1", "c"),
                Jobs.message("a2", "a"), Jobs.message("d1", "d"), Jobs.message("b2", "b"));

        List<String> failed = parallel.process(batch, Deadline.after(Duration.ofMinutes(1)));

        assertThat(failed).containsExactly("a1", "a2");
        // a2 is never tried after a1 failed; b's group runs in order.
        assertThat(handled).containsExactlyInAnyOrder("a", "b", "c", "d", "b");
    }

    @Test
    void process_timeBudgetSpent_everyMessageReportedFailed() {
        List<String> failed = processor.process(List.of(Jobs.message("a1", "a"), Jobs.message("b1", "b")),
                Deadline.after(Duration.ofMillis(100)));

        assertThat(failed).containsExactly("a1", "b1");
        assertThat(handled).isEmpty();
    }
}
