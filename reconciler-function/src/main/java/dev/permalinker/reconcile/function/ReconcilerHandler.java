package dev.permalinker.reconcile.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.AwsSettings;
import dev.permalinker.aws.SqsJobPublisher;
import dev.permalinker.aws.SqsQueues;
import dev.permalinker.model.EnvReader;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.reconcile.ReconcileConfig;
import dev.permalinker.reconcile.ReconcileReport;
import dev.permalinker.reconcile.Reconciler;
import dev.permalinker.reconcile.function.aws.ReconcilerPriming;
import dev.permalinker.reconcile.function.aws.ScheduledEvents;
import dev.permalinker.retry.Deadline;
import dev.permalinker.telemetry.Invocation;
import dev.permalinker.telemetry.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The reconciler Lambda: an EventBridge scheduled event in ({@code "detail-type":"Scheduled Event"}), one
 * {@link Reconciler} run, a JSON summary of its {@link ReconcileReport} out. A stream handler, like the other
 * functions: the event is read with the project's JSON codec ({@link ScheduledEvents}).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html
 *
 * <p>Built once per container by {@link #create}: configuration, the token secret, the SQS client and the reconciler
 * with its read budget; {@link ReconcilerPriming} runs a reconciliation against a loopback CMA before a SnapStart
 * snapshot. Metrics are flushed at the end of each invocation; log lines carry its {@code requestId}. A run never
 * fails the invocation for a bad CMA answer (the report says what happened; the next run tries again): a failed
 * invocation would only be retried by EventBridge with the same result.
 */
public final class ReconcilerHandler implements RequestStreamHandler {
    /** Kept back from the invocation's remaining time: the summary and the metrics must still be written. */
    public static final Duration SAFETY_MARGIN = Duration.ofSeconds(2);
    private static final Duration SQS_CALL_TIMEOUT = Duration.ofSeconds(8);

    private final Reconciler reconciler;
    private final ScheduledEvents events;
    private final JsonCodec json;
    private final Metrics metrics;
    /** Held here: CRaC keeps only weak references to registered resources. */
    private final ReconcilerPriming priming;

    /** Called by the Lambda runtime, once per container. */
    public ReconcilerHandler() {
        this(create(System.getenv()));
    }

    private ReconcilerHandler(ReconcilerHandler built) {
        this(built.reconciler, built.json, built.metrics, built.priming);
    }

    /**
     * A handler over a given reconciler (tests, priming itself); {@code priming} ({@code null} for none) is held, and
     * registered by whoever built it.
     */
    public ReconcilerHandler(Reconciler reconciler, JsonCodec json, Metrics metrics, ReconcilerPriming priming) {
        this.reconciler = reconciler;
        this.json = json;
        this.events = new ScheduledEvents(json);
        this.metrics = metrics;
        this.priming = priming;
    }

    /**
     * The composition root: the configuration from {@code env}, its token secret resolved, the SQS client and the
     * job publisher the ingest uses, metrics, the reconciler, and the SnapStart priming.
     */
    public static ReconcilerHandler create(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        ReconcileConfig config = ReconcileConfig.read(reader);
        AwsSettings awsSettings = AwsSettings.fromEnv(reader);
        reader.throwIfProblems("reconciler configuration");
        JsonCodec json = JsonCodec.create();
        AwsClients aws = AwsClients.create(awsSettings);
        ReconcileConfig resolved = config.withResolvedSecrets(aws.secrets(json), json);
        SqsClient sqs = aws.sqs(SQS_CALL_TIMEOUT);
        Metrics metrics = Metrics.fromEnv(env);
        Reconciler reconciler = Reconciler.create(resolved, new SqsJobPublisher(sqs, resolved.queueUrl(), json),
                metrics, json, Clock.systemUTC()).withBacklog(() -> SqsQueues.waiting(sqs, resolved.queueUrl()));
        ReconcilerPriming priming = new ReconcilerPriming(resolved, sqs, json);
        priming.register();
        return new ReconcilerHandler(reconciler, json, metrics, priming);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Invocation.run(context, metrics, remaining ->
                output.write(handle(input.readAllBytes(), Deadline.after(remaining.minus(SAFETY_MARGIN)))));
    }

    /** One scheduled event in, the run's summary out. */
    public byte[] handle(byte[] event, Deadline deadline) throws IOException {
        ScheduledEvents.ScheduledRun run = events.read(event);
        ReconcileReport report;
        try {
            report = run(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reconciling", e);
        }
        return json.writeBytes(summary(run, report));
    }

    /** One run, its metrics flushed (on Lambda, {@link Invocation} flushes again, with nothing left). */
    public ReconcileReport run(Deadline deadline) throws InterruptedException {
        try {
            return reconciler.run(deadline);
        } finally {
            metrics.flush();
        }
    }

    static Map<String, Object> summary(ScheduledEvents.ScheduledRun run, ReconcileReport report) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("eventId", run.id());
        summary.put("scheduledAt", run.time());
        summary.put("scanned", report.scanned());
        summary.put("queued", report.queued());
        summary.put("reads", report.reads());
        Map<String, Integer> skipped = new LinkedHashMap<>();
        report.skipped().forEach((reason, n) -> skipped.put(reason.code(), n));
        summary.put("skipped", skipped);
        summary.put("webhooks", report.webhooks().stream().map(w -> Map.of("apiKey", w.apiKey(), "uid", w.uid(),
                "healthy", w.healthy(), "findings", w.findings())).toList());
        summary.put("problems", report.problems().stream().map(p -> Map.of("code", p.code(), "detail",
                p.detail())).toList());
        return summary;
    }

    /** The SnapStart priming this container registered, or {@code null}. */
    public ReconcilerPriming priming() {
        return priming;
    }
}
