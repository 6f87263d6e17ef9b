package dev.permalinker.worker;

import dev.permalinker.retry.Deadline;
import dev.permalinker.model.PermalinkJob;
import java.time.Duration;

/** Does one job; {@link BatchProcessor} owns the batch loop around it (FIFO order, dead letters, time budget). */
public interface JobHandler {

    /**
     * @param deliveries how often the queue has delivered this message ({@code ApproximateReceiveCount}); more than
     *                   one means an earlier attempt may have done the work without living to say so
     */
    JobOutcome process(PermalinkJob job, int deliveries, Deadline deadline);

    /** A first delivery. */
    default JobOutcome process(PermalinkJob job, Deadline deadline) {
        return process(job, 1, deadline);
    }

    /** The least time a job needs to be worth starting. */
    default Duration minimumTime() {
        return Duration.ZERO;
    }
}
