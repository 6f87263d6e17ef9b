package dev.permalinker.reconcile;

import java.util.OptionalLong;

/**
 * How many jobs wait in the jobs queue, not yet handed to a worker ({@code ApproximateNumberOfMessages}:
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html).
 *
 * <p>The reconciler's asset scan waits while this is above zero: a backlog means the worker is behind, not that
 * webhooks were lost. Scanning then would send again every asset whose job has waited longer than the grace (outside
 * SQS's five-minute deduplication window, so a second job each, a read for the worker), and page "assets the
 * webhooks missed" during a storm that lost nothing. The first run after the drain queues what is still missing.
 */
@FunctionalInterface
public interface JobBacklog {
    /** Nothing known (no queue to ask): the scan runs. */
    JobBacklog UNKNOWN = OptionalLong::empty;

    /** The number of waiting jobs; empty when the queue could not be asked (the scan then runs). */
    OptionalLong waitingJobs();
}
