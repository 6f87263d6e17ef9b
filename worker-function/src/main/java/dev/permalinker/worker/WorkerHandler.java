package dev.permalinker.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.SqsDeadLetterSender;
import dev.permalinker.cma.ContentstackApi;
import dev.permalinker.cma.ContentstackClient;
import dev.permalinker.ledger.AssetLedger;
import dev.permalinker.ledger.LedgerConfig;
import dev.permalinker.ledger.aws.DynamoDbLedger;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The worker Lambda: an SQS FIFO event in, a partial batch response out ({@code ReportBatchItemFailures} must be
 * on in the event source mapping). A stream handler: the event is read with the project's JSON codec, not the
 * runtime's reflection-based serializer (see {@link SqsEvents}). All the work is in {@link BatchProcessor} and
 * {@link PermalinkService}.
 *
 * <p>Built once per container: configuration, the management tokens, the CMA client, the SQS client for the DLQ,
 * the asset ledger ({@code LEDGER_TABLE}, on DynamoDB; none when unset) and the rate limiter this container
 * shares among its invocations; {@link WorkerPriming} runs a batch against a loopback CMA before a SnapStart
 * snapshot. Metrics are flushed at the end of each invocation; log lines carry its {@code requestId}.
 */
public final class WorkerHandler implements RequestStreamHandler {
    /** Kept back from the invocation's remaining time: sending dead letters and answering must still fit. */
    public static final Duration SAFETY_MARGIN = Duration.ofSeconds(2);
    /**
     * The longest one asset-ledger call may take, retries included: the ledger saves a CMA read, it must not cost
     * more than one (a CMA call takes 100-300 ms; DynamoDB answers in under 10 ms when healthy).
     */
    static final Duration LEDGER_CALL_TIMEOUT = Duration.ofSeconds(2);

    private final BatchProcessor processor;
    private final SqsEvents events;
    private final Metrics metrics;
    /** Held here: CRaC keeps only weak references to registered resources. */
    private final WorkerPriming priming;
    /** {@code Permanent URL set} events (EVENT_BUS_NAME), published at the end of each invocation. */
    private final PermanentUrlEvents urlEvents;

    /** Called by the Lambda runtime, once per container. */
    public WorkerHandler() {
        this(System.getenv());
    }

    private WorkerHandler(Map<String, String> env) {
        this(WorkerConfig.fromEnv(env), Metrics.fromEnv(env), env.get("EVENT_BUS_NAME"), Clock.systemUTC(),
                LedgerConfig.fromEnv(env));
    }

    /** Without metrics: the local runner. */
    public WorkerHandler(WorkerConfig config) {
        this(config, Metrics.NONE);
    }

    public WorkerHandler(WorkerConfig config, Metrics metrics) {
        this(config, metrics, null, Clock.systemUTC(), null);
    }

    /** @param eventBusName {@code EVENT_BUS_NAME}: where {@code Permanent URL set} events go, or {@code null} */
    public WorkerHandler(WorkerConfig config, Metrics metrics, String eventBusName) {
        this(config, metrics, eventBusName, Clock.systemUTC(), null);
    }

    /**
     * @param clock what jobs' {@code triggeredAt} is measured against (SQS's deduplication window, time to URL); the
     *              local runner's benchmarks give it the simulator's time-scaled clock
     */
    public WorkerHandler(WorkerConfig config, Metrics metrics, Clock clock) {
        this(config, metrics, null, clock, null);
    }

    /**
     * The local runner's worker: with {@code ledger} (its H2 ledger, in {@code DATA_DIR} or in memory), or
     * {@code null} for none.
     */
    public WorkerHandler(WorkerConfig config, Metrics metrics, Clock clock, AssetLedger ledger) {
        this(config, AwsClients.create(config.awsRegion(), config.sqsEndpoint()), JsonCodec.create(), metrics, null,
                clock, null, ledger);
    }

    private WorkerHandler(WorkerConfig config, Metrics metrics, String eventBusName, Clock clock,
                          LedgerConfig ledgerConfig) {
        this(config, AwsClients.create(config.awsRegion(), config.sqsEndpoint()), JsonCodec.create(), metrics,
                eventBusName == null || eventBusName.isBlank() ? null : eventBusName.strip(), clock, ledgerConfig,
                null);
    }

    private WorkerHandler(WorkerConfig config, AwsClients aws, JsonCodec json, Metrics metrics, String eventBusName,
                          Clock clock, LedgerConfig ledgerConfig, AssetLedger localLedger) {
        this(config.withResolvedSecrets(aws.secrets(json), json), aws.sqs(Duration.ofSeconds(5)), json, metrics,
                new JitterRandom(), eventBusName == null ? PermanentUrlEvents.NONE : new PermanentUrlEvents(
                        new EventBridgeUrlEvents(aws.eventBridge(eventBusName, null, json), json)), clock,
                localLedger != null ? localLedger : ledger(ledgerConfig, aws, json));
    }

    private WorkerHandler(WorkerConfig resolved, SqsClient sqs, JsonCodec json, Metrics metrics, JitterRandom jitter,
                          PermanentUrlEvents urlEvents, Clock clock, AssetLedger ledger) {
        this(resolved, sqs, json, metrics, jitter, urlEvents, clock, ledger, new JobLedger(ledger, metrics));
    }

    private WorkerHandler(WorkerConfig resolved, SqsClient sqs, JsonCodec json, Metrics metrics, JitterRandom jitter,
                          PermanentUrlEvents urlEvents, Clock clock, AssetLedger ledger, JobLedger jobLedger) {
        this(new BatchProcessor(urlEvents.wrap(
                create(resolved, ContentstackClient.create(resolved.cmaBaseUrl(), resolved.tokens(), json,
                        new CmaMetrics(metrics)), jitter, clock, jobLedger)),
                new SqsDeadLetterPublisher(new SqsDeadLetterSender(sqs, resolved.dlqUrl(), Clock.systemUTC())), json,
                resolved.groupParallelism(), metrics, clock, jobLedger), new SqsEvents(json), metrics,
                new WorkerPriming(resolved, sqs, json, jitter, ledger), urlEvents);
    }

    /**
     * The DynamoDB ledger in {@code LEDGER_TABLE}, or {@code null} when the table is not configured (the worker then
     * reads the CMA first for every job that may have a twin, as before the ledger). Its client is built once: a
     * call, retries included, ends within {@link #LEDGER_CALL_TIMEOUT}, at most two attempts, so a slow ledger costs
     * a job about two seconds before it falls back.
     */
    private static AssetLedger ledger(LedgerConfig config, AwsClients aws, JsonCodec json) {
        if (config == null || config.tableName() == null) {
            return null;
        }
        DynamoDbClient dynamoDb = aws.client(DynamoDbClient.builder(), null, LEDGER_CALL_TIMEOUT, 2);
        return DynamoDbLedger.create(config.tableName(), dynamoDb, config.retention(), Clock.systemUTC(), json);
    }

    /** A handler over a given processor, without metrics or priming (tests, priming itself). */
    public WorkerHandler(BatchProcessor processor, SqsEvents events) {
        this(processor, events, Metrics.NONE, null, PermanentUrlEvents.NONE);
    }

    /** A handler over a given processor that publishes {@code urlEvents} after each batch (tests). */
    public WorkerHandler(BatchProcessor processor, SqsEvents events, PermanentUrlEvents urlEvents) {
        this(processor, events, Metrics.NONE, null, urlEvents);
    }

    private WorkerHandler(BatchProcessor processor, SqsEvents events, Metrics metrics, WorkerPriming priming,
                          PermanentUrlEvents urlEvents) {
        this.processor = processor;
        this.events = events;
        this.metrics = metrics;
        this.priming = priming;
        this.urlEvents = urlEvents;
        if (priming != null) {
            priming.register();
        }
    }

    /** The service a configuration describes, over the given CMA; jitter from a generator re-seeded per restore. */
    public static PermalinkService create(WorkerConfig config, ContentstackApi cma) {
        return create(config, cma, new JitterRandom(), Clock.systemUTC());
    }

    static PermalinkService create(WorkerConfig config, ContentstackApi cma, RandomGenerator jitter, Clock clock) {
        return create(config, cma, jitter, clock, JobLedger.NONE);
    }

    static PermalinkService create(WorkerConfig config, ContentstackApi cma, RandomGenerator jitter, Clock clock,
                                   JobLedger ledger) {
        return new PermalinkService(cma, CmaPacing.create(config.containerRate()), config.region(),
                config.assetHost(), PermalinkService.STANDARD_BACKOFF, config.cmaTimeout(), Sleeper.threadSleep(),
                jitter, clock, ledger);
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
