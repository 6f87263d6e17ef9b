package dev.permalinker.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.SqsDeadLetterSender;
import dev.permalinker.cma.ContentstackApi;
import dev.permalinker.cma.ContentstackClient;
import dev.permalinker.retry.Deadline;
import dev.permalinker.retry.Sleeper;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.telemetry.Invocation;
import dev.permalinker.telemetry.Metrics;
import dev.permalinker.worker.aws.EventBridgeUrlEvents;
import dev.permalinker.worker.aws.SqsDeadLetterPublisher;
import dev.permalinker.worker.aws.SqsEvents;
import dev.permalinker.worker.aws.WorkerPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The worker Lambda: an SQS FIFO event in, a partial batch response out ({@code ReportBatchItemFailures} must be
 * on in the event source mapping). A stream handler: the event is read with the project's JSON codec, not the
 * runtime's reflection-based serializer (see {@link SqsEvents}). All the work is in {@link BatchProcessor} and
 * {@link PermalinkService}.
 *
 * <p>Built once per container by {@link #create}, the composition root; {@link WorkerPriming} runs a batch against a
 * loopback CMA before a SnapStart snapshot. Metrics are flushed at the end of each invocation; log lines carry its
 * {@code requestId}.
 */
public final class WorkerHandler implements RequestStreamHandler {
    /** Kept back from the invocation's remaining time: sending dead letters and answering must still fit. */
    public static final Duration SAFETY_MARGIN = Duration.ofSeconds(2);
    /** One DLQ send, the SDK's retries included. */
    private static final Duration SQS_CALL_TIMEOUT = Duration.ofSeconds(5);

    private final BatchProcessor processor;
    private final SqsEvents events;
    private final Metrics metrics;
    /** Held here: CRaC keeps only weak references to registered resources. */
    private final WorkerPriming priming;
    /** {@code Permanent URL set} events (EVENT_BUS_NAME), published at the end of each invocation. */
    private final PermanentUrlEvents urlEvents;

    /** Called by the Lambda runtime, once per container. */
    public WorkerHandler() {
        this(create(System.getenv()));
    }

    private WorkerHandler(WorkerHandler built) {
        this(built.processor, built.events, built.metrics, built.priming, built.urlEvents);
    }

    /**
     * A handler over a given processor (tests, priming itself); {@code priming} ({@code null} for none) is held, and
     * registered by whoever built it.
     */
    public WorkerHandler(BatchProcessor processor, SqsEvents events, Metrics metrics, WorkerPriming priming,
                         PermanentUrlEvents urlEvents) {
        this.processor = processor;
        this.events = events;
        this.metrics = metrics;
        this.priming = priming;
        this.urlEvents = urlEvents;
    }

    /** The composition root, as Lambda runs it: metrics from {@code env}, the system clock. */
    public static WorkerHandler create(Map<String, String> env) {
        return create(env, Metrics.fromEnv(env), Clock.systemUTC());
    }

    /**
     * The composition root: the configuration from {@code env}, its token secret resolved, the SQS client for the
     * DLQ, the CMA client, the service and its rate limiter (shared by this container's invocations), the batch
     * processor, {@code Permanent URL set} events when {@code EVENT_BUS_NAME} is set, and the SnapStart priming.
     *
     * @param clock what jobs' {@code triggeredAt} is measured against (SQS's deduplication window, time to URL); the
     *              local runner's benchmarks give it the simulator's time-scaled clock
     */
    public static WorkerHandler create(Map<String, String> env, Metrics metrics, Clock clock) {
        WorkerConfig config = WorkerConfig.fromEnv(env);
        JsonCodec json = JsonCodec.create();
        AwsClients aws = AwsClients.create(config.aws());
        WorkerConfig resolved = config.withResolvedSecrets(aws.secrets(json), json);
        SqsClient sqs = aws.sqs(SQS_CALL_TIMEOUT);
        JitterRandom jitter = new JitterRandom();
        ContentstackClient cma = ContentstackClient.create(resolved.cmaBaseUrl(), resolved.tokens(), json,
                new CmaMetrics(metrics));
        PermalinkService service = create(resolved, cma, jitter, clock);
        PermanentUrlEvents urlEvents = resolved.eventBusName() == null ? PermanentUrlEvents.NONE
                : new PermanentUrlEvents(new EventBridgeUrlEvents(aws.eventBridge(resolved.eventBusName(), null, json),
                        json));
        DeadLetterPublisher deadLetters = new SqsDeadLetterPublisher(
                new SqsDeadLetterSender(sqs, resolved.dlqUrl(), Clock.systemUTC()));
        BatchProcessor processor = new BatchProcessor(urlEvents.wrap(service), deadLetters, json,
                resolved.groupParallelism(), metrics, clock);
        WorkerPriming priming = new WorkerPriming(resolved, sqs, json, jitter);
        priming.register();
        return new WorkerHandler(processor, new SqsEvents(json), metrics, priming, urlEvents);
    }

    /** The service a configuration describes, over the given CMA; jitter from a generator re-seeded per restore. */
    public static PermalinkService create(WorkerConfig config, ContentstackApi cma) {
        return create(config, cma, new JitterRandom(), Clock.systemUTC());
    }

    static PermalinkService create(WorkerConfig config, ContentstackApi cma, RandomGenerator jitter, Clock clock) {
        return new PermalinkService(cma, CmaPacing.create(config.containerRate()), config.region(),
                config.assetHost(), PermalinkService.STANDARD_BACKOFF, config.cmaTimeout(), Sleeper.threadSleep(),
                jitter, clock);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Invocation.run(context, metrics, remaining ->
                output.write(handle(input.readAllBytes(), Deadline.after(remaining.minus(SAFETY_MARGIN)))));
    }

    /** One SQS event in, its partial batch response out. */
    public byte[] handle(byte[] event, Deadline deadline) throws IOException {
        byte[] response = events.batchResponse(processor.process(events.messages(event), deadline));
        urlEvents.flush();
        return response;
    }

    /** The SnapStart priming this container registered, or {@code null}. */
    public WorkerPriming priming() {
        return priming;
    }
}
