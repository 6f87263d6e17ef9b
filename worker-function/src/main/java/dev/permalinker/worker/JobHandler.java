package dev.permalinker.worker;

import dev.permalinker.cma.Deadline;
import dev.permalinker.model.PermalinkJob;
import java.time.Duration;

/** Does one job; {@link BatchProcessor} owns the batch loop around it (FIFO order, dead letters, time budget). */
public interface JobHandler {

    JobOutcome process(PermalinkJob job, Deadline deadline);

    /** The least time a job needs to be worth starting. */
    default Duration minimumTime() {
        return Duration.ZERO;
    }
}
