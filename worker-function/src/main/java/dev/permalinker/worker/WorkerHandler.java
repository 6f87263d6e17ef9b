package dev.permalinker.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.aws.AwsClients;
import dev.permalinker.worker.aws.SqsDeadLetterPublisher;
import dev.permalinker.worker.cma.ContentstackApi;
import dev.permalinker.worker.cma.ContentstackClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The worker Lambda: an SQS FIFO event in, a partial batch response out ({@code ReportBatchItemFailures} must be
 * on in the event source mapping). All the work is in {@link BatchProcessor} and {@link PermalinkService}.
 *
 * <p>Built once per container: configuration, the management token, the CMA client, the SQS client for the DLQ
 * and the rate limiter this container shares among its invocations.
 */
public final class WorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** Kept back from the invocation's remaining time: sending dead letters and answering must still fit. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(2);

    /**
     * Jitter drawn from the calling thread's generator at each call: a generator seeded at init would be frozen
     * into a SnapStart snapshot and give every restored container the same "random" backoff.
     * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-uniqueness.html
     */
    private static final RandomGenerator SNAPSHOT_SAFE_RANDOM = () -> ThreadLocalRandom.current().nextLong();

    private final BatchProcessor processor;

    /** Called by the Lambda runtime, once per container. */
    public WorkerHandler() {
        this(WorkerConfig.fromEnv(System.getenv()));
    }

    public WorkerHandler(WorkerConfig config) {
        this(config, AwsClients.create(config.awsRegion(), config.sqsEndpoint()), JsonCodec.create());
    }

    private WorkerHandler(WorkerConfig config, AwsClients aws, JsonCodec json) {
        this(config.withResolvedSecrets(aws.secrets(json)), json,
                new SqsDeadLetterPublisher(aws.sqs(Duration.ofSeconds(5)), config.dlqUrl(), Clock.systemUTC()));
    }

    private WorkerHandler(WorkerConfig resolved, JsonCodec json, DeadLetterPublisher deadLetters) {
        this.processor = new BatchProcessor(
                create(resolved, ContentstackClient.create(resolved.cmaBaseUrl(), resolved.managementToken(), json), json),
                deadLetters, json, resolved.groupParallelism());
    }

    public WorkerHandler(PermalinkService service, DeadLetterPublisher deadLetters, JsonCodec json) {
        this.processor = new BatchProcessor(service, deadLetters, json);
    }

    /** The service a configuration describes, over the given CMA. */
    public static PermalinkService create(WorkerConfig config, ContentstackApi cma, JsonCodec json) {
        return new PermalinkService(cma, AdaptiveRateLimiter.create(config.containerRate()), RetryPolicy.standard(),
                config.cmaTimeout(), Sleeper.threadSleep(), SNAPSHOT_SAFE_RANDOM, json);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Deadline deadline = Deadline.after(Duration.ofMillis(context.getRemainingTimeInMillis()).minus(SAFETY_MARGIN));
        List<QueueMessage> messages = event.getRecords().stream().map(WorkerHandler::toMessage).toList();
        List<String> failed = processor.process(messages, deadline);
        return SQSBatchResponse.builder()
                .withBatchItemFailures(failed.stream().map(SQSBatchResponse.BatchItemFailure::new).toList())
                .build();
    }

    static QueueMessage toMessage(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message.getAttributes() == null ? Map.of() : message.getAttributes();
        String group = attributes.getOrDefault("MessageGroupId", message.getMessageId());
        int receiveCount;
        try {
            receiveCount = Integer.parseInt(attributes.getOrDefault("ApproximateReceiveCount", "1"));
        } catch (NumberFormatException e) {
            receiveCount = 1;
        }
        return new QueueMessage(message.getMessageId(), message.getBody(), group, receiveCount);
    }
}
