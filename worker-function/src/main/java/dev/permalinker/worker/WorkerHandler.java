package dev.permalinker.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.permalinker.aws.AwsClients;
import dev.permalinker.cma.ContentstackApi;
import dev.permalinker.cma.ContentstackClient;
import dev.permalinker.cma.Deadline;
import dev.permalinker.cma.Sleeper;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.worker.aws.SqsDeadLetterPublisher;
import dev.permalinker.worker.aws.SqsEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The worker Lambda: an SQS FIFO event in, a partial batch response out ({@code ReportBatchItemFailures} must be
 * on in the event source mapping). A stream handler: the event is read with the project's JSON codec, not the
 * runtime's reflection-based serializer (see {@link SqsEvents}). All the work is in {@link BatchProcessor} and
 * {@link PermalinkService}.
 *
 * <p>Built once per container: configuration, the management tokens, the CMA client, the SQS client for the DLQ
 * and the rate limiter this container shares among its invocations.
 */
public final class WorkerHandler implements RequestStreamHandler {
    /** Kept back from the invocation's remaining time: sending dead letters and answering must still fit. */
    public static final Duration SAFETY_MARGIN = Duration.ofSeconds(2);

    /**
     * Jitter drawn from the calling thread's generator at each call: a generator seeded at init would be frozen
     * into a SnapStart snapshot and give every restored container the same "random" backoff.
     * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-uniqueness.html
     */
    private static final RandomGenerator SNAPSHOT_SAFE_RANDOM = () -> ThreadLocalRandom.current().nextLong();

    private final BatchProcessor processor;
    private final SqsEvents events;

    /** Called by the Lambda runtime, once per container. */
    public WorkerHandler() {
        this(WorkerConfig.fromEnv(System.getenv()));
    }

    public WorkerHandler(WorkerConfig config) {
        this(config, AwsClients.create(config.awsRegion(), config.sqsEndpoint()), JsonCodec.create());
    }

    private WorkerHandler(WorkerConfig config, AwsClients aws, JsonCodec json) {
        this(config.withResolvedSecrets(aws.secrets(json), json), json,
                new SqsDeadLetterPublisher(aws.sqs(Duration.ofSeconds(5)), config.dlqUrl(), Clock.systemUTC()));
    }

    private WorkerHandler(WorkerConfig resolved, JsonCodec json, DeadLetterPublisher deadLetters) {
        this(new BatchProcessor(
                create(resolved, ContentstackClient.create(resolved.cmaBaseUrl(), resolved.tokens(), json)),
                deadLetters, json, resolved.groupParallelism()), new SqsEvents(json));
    }

    public WorkerHandler(BatchProcessor processor, SqsEvents events) {
        this.processor = processor;
        this.events = events;
    }

    /** The service a configuration describes, over the given CMA. */
    public static PermalinkService create(WorkerConfig config, ContentstackApi cma) {
        return new PermalinkService(cma, CmaPacing.create(config.containerRate()), config.region(),
                config.assetHost(), RetryPolicy.standard(), config.cmaTimeout(), Sleeper.threadSleep(),
                SNAPSHOT_SAFE_RANDOM);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Deadline deadline = Deadline.after(Duration.ofMillis(context.getRemainingTimeInMillis()).minus(SAFETY_MARGIN));
        List<String> failed = processor.process(events.messages(input.readAllBytes()), deadline);
        output.write(events.batchResponse(failed));
    }
}
