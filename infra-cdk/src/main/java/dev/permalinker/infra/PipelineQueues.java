package dev.permalinker.infra;

import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.DeduplicationScope;
import software.amazon.awscdk.services.sqs.FifoThroughputLimit;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.sqs.RedriveAllowPolicy;
import software.amazon.awscdk.services.sqs.RedrivePermission;
import software.constructs.Construct;

/** The FIFO job queue and its FIFO dead-letter queue, encrypted, TLS-only, kept 14 days.
 * Adds its resources to the stack directly, so their logical ids (and the deployed queues) never change with
 * this class. */
public final class PipelineQueues {
    static final Duration RETENTION = Duration.days(14);

    private final Queue jobs;
    private final Queue deadLetters;

    /**
     * @param visibilityTimeout AWS: at least six times the consuming function's timeout
     * @param maxReceiveCount   deliveries of a job before the queue moves it to the DLQ
     */
    public PipelineQueues(Construct scope, String namePrefix, Duration visibilityTimeout,
                          int maxReceiveCount) {
        String jobsQueueName = namePrefix + "-jobs.fifo";
        Stack stack = Stack.of(scope);
        deadLetters = Queue.Builder.create(scope, "DeadLetterQueue")
                .queueName(namePrefix + "-dlq.fifo")
                .fifo(true)
                .retentionPeriod(RETENTION)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                // Only the job queue may use it as a DLQ. Named by ARN: a reference to the queue would be circular.
                .redriveAllowPolicy(RedriveAllowPolicy.builder()
                        .redrivePermission(RedrivePermission.BY_QUEUE)
                        .sourceQueues(List.of(Queue.fromQueueArn(scope, "JobsQueueByArn", stack.formatArn(
                                ArnComponents.builder().service("sqs").resource(jobsQueueName)
                                        .arnFormat(ArnFormat.NO_RESOURCE_NAME).build()))))
                        .build())
                .build();
        jobs = Queue.Builder.create(scope, "JobsQueue")
                .queueName(jobsQueueName)
                .fifo(true)
                .contentBasedDeduplication(false)
                // High-throughput FIFO: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/high-throughput-fifo.html
                .deduplicationScope(DeduplicationScope.MESSAGE_GROUP)
                .fifoThroughputLimit(FifoThroughputLimit.PER_MESSAGE_GROUP_ID)
                .visibilityTimeout(visibilityTimeout)
                .retentionPeriod(RETENTION)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(maxReceiveCount).build())
                .build();
    }

    public Queue jobs() {
        return jobs;
    }

    public Queue deadLetters() {
        return deadLetters;
    }
}
