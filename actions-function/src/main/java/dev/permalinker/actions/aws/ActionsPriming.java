package dev.permalinker.actions.aws;

import dev.permalinker.actions.ActionMessage;
import dev.permalinker.actions.ActionTarget;
import dev.permalinker.actions.ActionsConfig;
import dev.permalinker.actions.HookTarget;
import dev.permalinker.actions.ReleaseDebouncer;
import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.PrimingServer;
import dev.permalinker.aws.SnapStartPriming;
import dev.permalinker.aws.SqsDeadLetterSender;
import dev.permalinker.aws.SqsLambdaEvents;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.ReleaseAction;
import dev.permalinker.model.ReleaseTimings;
import dev.permalinker.telemetry.EmfMetrics;
import dev.permalinker.telemetry.Metrics;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * SnapStart priming of the actions consumer: before Lambda takes the snapshot ({@code beforeCheckpoint}), runs a
 * batch through the real code, so a restored container does not pay the first batch's class loading and first pass.
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html
 *
 * <p>What runs at snapshot time, and what it touches:
 * <ul>
 *   <li>a built-in SQS event of three release messages (two of one release, collapsed into a summary; one of
 *       another release, quiet, acted on) goes through the event parser, the debouncer and both targets, the build
 *       hook's {@code POST} and EventBridge's {@code PutEvents}, against a {@link PrimingServer} on a loopback port
 *       inside this process that answers as the hook, SQS ({@code SendMessage}) and EventBridge do: no call leaves
 *       the process, neither the configured hook nor its secret is used (a placeholder secret is sent), nothing is
 *       queued, put or dead-lettered anywhere real; its metrics go to a writer that discards them;</li>
 *   <li>one read-only SQS call on the real client, {@code GetQueueAttributes} on the actions queue, which warms the
 *       SDK's pipeline, signer, credentials and HTTP client.</li>
 * </ul>
 * It records no metric. Logging and failures: {@link SnapStartPriming}.
 *
 * <p>{@code afterRestore} has nothing to re-seed: the consumer draws no random numbers (its back-off has no
 * jitter); the SDK re-reads expiring credentials itself.
 */
public final class ActionsPriming extends SnapStartPriming<ActionsPriming.Report> {
    private static final String STACK = PrimingServer.STACK;

    private final ActionsConfig config;
    private final SqsClient sqs;
    private final JsonCodec json;

    /**
     * What one priming run did: the messages the batch kept, the hook calls, the SQS sends and the PutEvents calls
     * the loopback server answered, whether the real SQS answered.
     */
    public record Report(int kept, int hookCalls, int sqsSends, int busCalls, boolean sqsAnswered) {
    }

    public ActionsPriming(ActionsConfig config, SqsClient sqs, JsonCodec json) {
        this.config = config;
        this.sqs = sqs;
        this.json = json;
    }

    @Override
    protected Report incomplete() {
        return new Report(-1, 0, 0, 0, false);
    }

    @Override
    protected Report run() throws IOException {
        AtomicInteger hookCalls = new AtomicInteger();
        AtomicInteger busCalls = new AtomicInteger();
        List<String> sent = new ArrayList<>();
        PrimingServer.Route sqsSend = PrimingServer.sqsSendMessage(sent);
        PrimingServer.Route awsJson = request -> {
            if (String.valueOf(request.headers().getFirst("X-Amz-Target")).endsWith(".PutEvents")) {
                busCalls.incrementAndGet();
                return PrimingServer.Answer.awsJson(200, Map.of("FailedEntryCount", 0,
                        "Entries", List.of(Map.of("EventId", "priming"))));
            }
            return sqsSend.answer(request);
        };
        PrimingServer.Route hook = request -> {
            hookCalls.incrementAndGet();
            return new PrimingServer.Answer(200, "application/json", Map.of(), Map.of());
        };
        try (PrimingServer loopback = PrimingServer.start(json, Map.of("/", awsJson, "/hooks/", hook));
             SqsClient primingSqs = AwsClients.local(loopback.endpoint()).sqs(ReleaseTimings.SQS_CALL_TIMEOUT)) {
            Clock clock = Clock.systemUTC();
            // Metrics take their real code path into a writer that drops them: priming records no metric.
            Metrics discarded = new EmfMetrics("priming", "priming", (line, level) -> { }, clock);
            String queueUrl = loopback.endpoint() + "/000000000000/priming-actions.fifo";
            SqsActionsQueue queue = new SqsActionsQueue(primingSqs, queueUrl, new SqsDeadLetterSender(primingSqs,
                    loopback.endpoint() + "/000000000000/priming-actions-dlq.fifo", clock), json);
            List<ActionTarget> targets = List.of(
                    HookTarget.create(URI.create(loopback.endpoint() + "/hooks/priming"), "priming-placeholder",
                            config.hookTimeout(), json),
                    new EventBusTarget(AwsClients.local(loopback.endpoint()).eventBridge("priming",
                            loopback.endpoint(), json), json));
            ReleaseDebouncer debouncer = new ReleaseDebouncer(queue, targets, config.debounce(), config.maxWait(),
                    config.timings().perAction(true, true), ReleaseTimings.SQS_CALL_TIMEOUT, config.maxAttempts(),
                    config.retryBackoff(), json, clock, discarded);
            ActionsEvents events = new ActionsEvents(json);
            List<ActionMessage> batch = events.messages(event(clock.instant()));
            List<String> kept = debouncer.process(batch, clock.instant().plus(Duration.ofSeconds(50)));
            events.batchResponse(kept);
            discarded.flush();
            return new Report(kept.size(), hookCalls.get(), sent.size(), busCalls.get(),
                    readQueue(sqs, config.actionsQueueUrl()));
        }
    }

    /** Two events of one release (a summary is sent) and one of another, quiet long enough to act on. */
    private byte[] event(Instant now) {
        Instant past = now.minus(config.maxWait()).minus(config.debounce()).minusSeconds(1);
        ReleaseAction first = ReleaseAction.release(STACK, "main", "bltprimingrel01", "priming", "production", now);
        ReleaseAction second = ReleaseAction.release(STACK, "main", "bltprimingrel01", "priming", "production", now);
        ReleaseAction quiet = ReleaseAction.release(STACK, "main", "bltprimingrel02", "priming", "production", past);
        return new SqsLambdaEvents(json).event("priming-actions", List.of(message("priming-1", first),
                message("priming-2", second), message("priming-3", quiet)));
    }

    private Message message(String messageId, ReleaseAction action) {
        return Message.builder().messageId(messageId).receiptHandle("rh-" + messageId).body(json.write(action))
                .attributesWithStrings(Map.of(SqsLambdaEvents.MESSAGE_GROUP_ID, action.messageGroupId(),
                        SqsLambdaEvents.APPROXIMATE_RECEIVE_COUNT, "1")).build();
    }
}
