package dev.permalinker.actions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.permalinker.actions.aws.ActionsEvents;
import dev.permalinker.actions.aws.ActionsPriming;
import dev.permalinker.actions.aws.EventBusTarget;
import dev.permalinker.actions.aws.SqsActionsQueue;
import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.SqsDeadLetterSender;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.ReleaseTimings;
import dev.permalinker.telemetry.Invocation;
import dev.permalinker.telemetry.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The release-actions Lambda: an SQS FIFO event of the actions queue in, a partial batch response out
 * ({@code ReportBatchItemFailures} on in the event source mapping). All the work is in {@link ReleaseDebouncer}.
 * Built once per container by {@link #create}, the composition root.
 */
public final class ActionsHandler implements RequestStreamHandler {
    /** Kept back from the invocation's remaining time: answering must still fit after the last call. */
    static final Duration SAFETY_MARGIN = ReleaseTimings.SAFETY_MARGIN;

    private final ReleaseDebouncer debouncer;
    private final ActionsEvents events;
    private final Metrics metrics;
    private final Clock clock;
    private final ActionsPriming priming;

    /** Called by the Lambda runtime, once per container. */
    public ActionsHandler() {
        this(create(System.getenv()));
    }

    private ActionsHandler(ActionsHandler built) {
        this(built.debouncer, built.events, built.metrics, built.clock, built.priming);
    }

    /** A handler over a given debouncer; {@code priming} ({@code null} for none) is held, registered by its maker. */
    public ActionsHandler(ReleaseDebouncer debouncer, ActionsEvents events, Metrics metrics, Clock clock,
                          ActionsPriming priming) {
        this.debouncer = debouncer;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.priming = priming;
    }

    /**
     * The composition root: the configuration and the metrics from {@code env}, the hook secret resolved, the SQS
     * client, the targets (the build hook, the event bus), the queue and the debouncer, in that order. The local
     * runner builds its consumer here too.
     */
    public static ActionsHandler create(Map<String, String> env) {
        return create(ActionsConfig.fromEnv(env), Metrics.fromEnv(env), Clock.systemUTC());
    }

    /** The composition root over a parsed configuration, the metrics and the clock given (tests). */
    public static ActionsHandler create(ActionsConfig config, Metrics metrics, Clock clock) {
        JsonCodec json = JsonCodec.create();
        AwsClients aws = AwsClients.create(config.aws());
        ActionsConfig resolved = config.withResolvedSecrets(aws.secrets(json));
        SqsClient sqs = aws.sqs(ReleaseTimings.SQS_CALL_TIMEOUT);
        List<ActionTarget> targets = new ArrayList<>();
        if (resolved.hookUrl() != null) {
            targets.add(HookTarget.create(resolved.hookUrl(), resolved.hookSecret(), resolved.hookTimeout(), json));
        }
        if (resolved.eventBusName() != null) {
            targets.add(new EventBusTarget(aws.eventBridge(resolved.eventBusName(), resolved.eventsEndpoint(), json),
                    json));
        }
        ActionsQueue queue = new SqsActionsQueue(sqs, resolved.actionsQueueUrl(),
                new SqsDeadLetterSender(sqs, resolved.actionsDlqUrl(), clock), json);
        Duration actionBudget = resolved.timings().perAction(resolved.hookUrl() != null,
                resolved.eventBusName() != null);
        ReleaseDebouncer debouncer = new ReleaseDebouncer(queue, targets, resolved.debounce(), resolved.maxWait(),
                actionBudget, ReleaseTimings.SQS_CALL_TIMEOUT, resolved.maxAttempts(), resolved.retryBackoff(), json,
                clock, metrics);
        ActionsPriming priming = new ActionsPriming(resolved, sqs, json);
        priming.register();
        return new ActionsHandler(debouncer, new ActionsEvents(json), metrics, clock, priming);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Invocation.run(context, metrics, remaining -> output.write(handle(input.readAllBytes(), remaining)));
    }

    /**
     * One SQS event with {@code remaining} of the invocation left; the partial batch response. The debouncer starts
     * a call (an action with the SQS call after it, a summary, a hold) only when it ends before the deadline.
     */
    public byte[] handle(byte[] event, Duration remaining) throws IOException {
        Instant deadline = clock.instant().plus(remaining).minus(SAFETY_MARGIN);
        return events.batchResponse(debouncer.process(events.messages(event), deadline));
    }

    /** The SnapStart priming this container registered, or {@code null}. */
    public ActionsPriming priming() {
        return priming;
    }
}
