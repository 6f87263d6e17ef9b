package dev.permalinker.actions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.permalinker.actions.aws.ActionsEvents;
import dev.permalinker.actions.aws.EventBusTarget;
import dev.permalinker.actions.aws.SqsActionsQueue;
import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.SqsDeadLetterSender;
import dev.permalinker.model.JsonCodec;
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
    /** Kept back from the invocation's remaining time: answering must still fit after the last action. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(2);
    /** One queue or DLQ call, the SDK's retries included. */
    private static final Duration SQS_CALL_TIMEOUT = Duration.ofSeconds(5);

    private final ReleaseDebouncer debouncer;
    private final ActionsEvents events;
    private final Metrics metrics;
    private final Clock clock;
    private final Duration actionTimeout;

    /** Called by the Lambda runtime, once per container. */
    public ActionsHandler() {
        this(create(System.getenv()));
    }

    private ActionsHandler(ActionsHandler built) {
        this(built.debouncer, built.events, built.metrics, built.clock, built.actionTimeout);
    }

    public ActionsHandler(ReleaseDebouncer debouncer, ActionsEvents events, Metrics metrics, Clock clock,
                          Duration actionTimeout) {
        this.debouncer = debouncer;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.actionTimeout = actionTimeout;
    }

    /**
     * The composition root: the configuration and the metrics from {@code env}, the hook secret resolved, the SQS
     * client, the targets (the build hook, the event bus), the queue and the debouncer, in that order. The local
     * runner builds its consumer here too.
     */
    public static ActionsHandler create(Map<String, String> env) {
        ActionsConfig config = ActionsConfig.fromEnv(env);
        Metrics metrics = Metrics.fromEnv(env);
        Clock clock = Clock.systemUTC();
        JsonCodec json = JsonCodec.create();
        AwsClients aws = AwsClients.create(config.aws());
        ActionsConfig resolved = config.withResolvedSecrets(aws.secrets(json));
        SqsClient sqs = aws.sqs(SQS_CALL_TIMEOUT);
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
        ReleaseDebouncer debouncer = new ReleaseDebouncer(queue, targets, resolved.debounce(),
                resolved.maxAttempts(), resolved.retryBackoff(), json, clock, metrics);
        return new ActionsHandler(debouncer, new ActionsEvents(json), metrics, clock,
                resolved.hookTimeout().multipliedBy(targets.size()));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Invocation.run(context, metrics, remaining -> {
            // No action is started unless a whole one (every target's timeout) still fits.
            Instant deadline = clock.instant().plus(remaining).minus(SAFETY_MARGIN).minus(actionTimeout);
            output.write(events.batchResponse(debouncer.process(events.messages(input.readAllBytes()), deadline)));
        });
    }
}
