package dev.permalinker.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.retry.Backoff;
import dev.permalinker.retry.Deadline;
import dev.permalinker.retry.Pacer;
import dev.permalinker.retry.Retrier;
import dev.permalinker.retry.Retrier.Result;
import dev.permalinker.retry.Retrier.Step;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Puts events on an EventBridge bus with SigV4-signed {@code PutEvents} calls of at most ten entries each, through
 * {@link SignedJsonCall}: the SDK's own signer and HTTP client, already in the jar for SQS.
 *
 * <p>Why not the generated {@code EventBridgeClient} (it resolves at the BOM 2.57.8): building it and its first
 * {@code PutEvents} add 217 ms to the cold start of the worker and the actions consumer, whose first invocation calls
 * no SQS when all goes well (wall-clock of the call, 311 against 94 ms; +160 ms CPU; 1,048 classes loaded against 343),
 * and +88 ms where the SQS pipeline is loaded already (104.5 against 16.3 ms, 231 classes against 16); median of 7
 * fresh C1-only JVMs in one run (RESULTS.md §3). Over the 50 ms one client may cost a function; its module would also
 * add 1.7 MB to each jar (9.8 MB against 7.4).
 *
 * <p>What the SDK's client would have given is kept: the call is retried as the SDK's standard retry policy retries
 * ({@link #BACKOFF}: 3 attempts, full-jitter back-off from 100 ms) when it is throttled, answers 5xx or cannot be
 * reached, through the project's one retry engine ({@link Retrier}); entries a 200 answer reports as failed
 * ({@code FailedEntryCount}) are sent again when their error is transient ({@code InternalFailure},
 * {@code ThrottlingException}), and are a failure otherwise. The endpoint is the region's partition's
 * ({@link SignedJsonCall}). API (shapes, the limit of ten entries, failed entries):
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html; the SDK's standard retry policy:
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
public final class EventBridgePublisher {
    /** PutEvents takes at most ten entries per call. */
    public static final int MAX_ENTRIES = 10;
    /** The SDK's standard retry mode: 3 attempts, a back-off from 100 ms with full jitter, at most 20 s. */
    static final Backoff BACKOFF = new Backoff(3, Duration.ofMillis(100), Duration.ofSeconds(20));
    /** The most one call may take: the shared HTTP client's connection (2 s) and socket (10 s) timeouts. */
    static final Duration ATTEMPT_TIME = Duration.ofSeconds(12);
    /** One batch's tries, waits included: a call that timed out leaves no room for another. */
    static final Duration BUDGET = Duration.ofSeconds(20);

    /**
     * Error types worth another try (the SDK's throttling and transient codes that EventBridge answers): throttling,
     * and an entry's {@code InternalFailure}.
     * https://docs.aws.amazon.com/eventbridge/latest/APIReference/CommonErrors.html
     */
    private static final Set<String> TRANSIENT_TYPES = Set.of("ThrottlingException", "Throttling",
            "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded", "LimitExceededException",
            "InternalFailure", "InternalException", "ServiceUnavailable", "ServiceUnavailableException");

    /** One event: {@code detail} is a JSON object as text. */
    public record Entry(String source, String detailType, String detail) {
    }

    /** The bus refused the call or some entries, or did not answer, retries spent. */
    public static final class PutEventsException extends Exception {
        public PutEventsException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What one batch came to: every entry put, or a refusal no retry mends. */
    private sealed interface Sent {
        record Accepted() implements Sent {
        }

        record Refused(String problem, Throwable cause) implements Sent {
        }
    }

    private final SignedJsonCall events;
    private final String eventBusName;
    private final JsonCodec json;
    private final Retrier retrier;

    /**
     * @param endpoint {@code null} for the region's {@code https://events.{region}.{partition's DNS suffix}/}
     */
    public EventBridgePublisher(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint,
                                String eventBusName, JsonCodec json) {
        this(new SignedJsonCall(http, credentials, "events", region, endpoint), eventBusName, json, Retrier.create());
    }

    /** @param retrier the retry engine (a test's records the waits instead of sleeping) */
    EventBridgePublisher(SignedJsonCall events, String eventBusName, JsonCodec json, Retrier retrier) {
        this.events = events;
        this.eventBusName = eventBusName;
        this.json = json;
        this.retrier = retrier;
    }

    public String eventBusName() {
        return eventBusName;
    }

    /** Puts every entry, ten per call; throws on the first batch that still fails once its retries are spent. */
    public void put(List<Entry> entries) throws PutEventsException {
        for (int from = 0; from < entries.size(); from += MAX_ENTRIES) {
            putBatch(entries.subList(from, Math.min(entries.size(), from + MAX_ENTRIES)));
        }
    }

    /** One batch's state across its tries: the entries still to put, and the last I/O failure. */
    private static final class Batch {
        final int size;
        final List<Entry> pending;
        IOException lastIo;

        Batch(List<Entry> entries) {
            this.size = entries.size();
            this.pending = new ArrayList<>(entries);
        }
    }

    private void putBatch(List<Entry> entries) throws PutEventsException {
        Batch batch = new Batch(entries);
        Result<Sent> result = retrier.run(BACKOFF, Deadline.after(BUDGET), ATTEMPT_TIME, Pacer.NONE,
                number -> attempt(batch));
        if (result instanceof Result.Finished<Sent> finished) {
            if (finished.value() instanceof Sent.Refused refused) {
                throw new PutEventsException(refused.problem(), refused.cause());
            }
            return;
        }
        Result.GaveUp<Sent> gaveUp = (Result.GaveUp<Sent>) result;
        throw new PutEventsException("PutEvents failed after " + gaveUp.attempts() + " attempt(s), "
                + gaveUp.stop().name().toLowerCase(Locale.ROOT) + ": " + gaveUp.problem(), batch.lastIo);
    }

    /**
     * One call for the batch's pending entries; on a 200 answer with failed entries, only the failed ones stay
     * pending, which the next try sends again.
     */
    private Step<Sent> attempt(Batch batch) {
        byte[] body = json.write(Map.of("Entries", wire(batch.pending))).getBytes(StandardCharsets.UTF_8);
        SignedJsonCall.Answer answer;
        JsonNode node;
        try {
            answer = events.call("AWSEvents.PutEvents", body);
            node = answer.body().length == 0 ? json.readTree("{}".getBytes(StandardCharsets.UTF_8))
                    : answer.json(json);
        } catch (IOException e) {
            // Not reached, connection reset, timed out: the SDK retries these, so do we.
            batch.lastIo = e;
            return Step.again("I/O " + e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            // Credentials that cannot be resolved, an answer that is not JSON: no retry mends them.
            return Step.done(new Sent.Refused("PutEvents failed: " + e.getClass().getSimpleName(), e));
        }
        String type = errorType(node);
        if (answer.status() != 200) {
            String problem = "HTTP " + answer.status() + " " + (type.isEmpty() ? "unknown error" : type);
            return answer.status() >= 500 || answer.status() == 429 || TRANSIENT_TYPES.contains(type)
                    ? Step.again(problem) : Step.done(new Sent.Refused("PutEvents failed: " + problem, null));
        }
        int failed = node.path("FailedEntryCount").asInt(0);
        if (failed == 0) {
            return Step.done(new Sent.Accepted());
        }
        List<Entry> again = new ArrayList<>();
        String firstCode = null;
        boolean allTransient = true;
        JsonNode results = node.path("Entries");
        for (int i = 0; i < batch.pending.size(); i++) {
            JsonNode result = results.path(i);
            if (result.hasNonNull("ErrorCode")) {
                String code = result.path("ErrorCode").asText();
                firstCode = firstCode == null ? code : firstCode;
                allTransient &= TRANSIENT_TYPES.contains(code);
                again.add(batch.pending.get(i));
            }
        }
        String problem = failed + " of " + batch.size + " entries failed"
                + (firstCode != null ? " (" + firstCode + ")" : "");
        if (!allTransient || again.isEmpty()) {
            return Step.done(new Sent.Refused("PutEvents: " + problem, null));
        }
        batch.pending.clear();
        batch.pending.addAll(again);
        return Step.again(problem);
    }

    /** The error type of an AWS JSON answer ({@code __type}, with any namespace prefix removed), or "". */
    private static String errorType(JsonNode node) {
        String type = node.path("__type").asText("");
        return type.substring(type.lastIndexOf('#') + 1);
    }

    private List<Map<String, Object>> wire(List<Entry> entries) {
        List<Map<String, Object>> wire = new ArrayList<>();
        for (Entry entry : entries) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("Source", entry.source());
            item.put("DetailType", entry.detailType());
            item.put("Detail", entry.detail());
            item.put("EventBusName", eventBusName);
            wire.add(item);
        }
        return wire;
    }
}
