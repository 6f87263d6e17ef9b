package dev.permalinker.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Puts events on an EventBridge bus with SigV4-signed {@code PutEvents} calls of at most ten entries each, through
 * {@link SignedJsonCall}: the SDK's own signer and HTTP client, already in the jar for SQS.
 *
 * <p>Why not the generated {@code EventBridgeClient} (it resolves at the BOM 2.57.8): building it and its first
 * {@code PutEvents} add 63 ms to the cold start of the worker and the actions consumer (median CPU time of the calling
 * thread, 25 fresh C1-only JVMs; 233 classes loaded against 16; 70 ms wall-clock), over the 50 ms one client may cost
 * (RESULTS.md §3), and its module 1.7 MB to each jar. So no SDK retries here: a failed call is the caller's
 * ({@code PermanentUrlEvents} logs it, the actions consumer retries the action). API (request and answer shapes,
 * the limit of ten entries): https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
 */
public final class EventBridgePublisher {
    /** PutEvents takes at most ten entries per call. */
    public static final int MAX_ENTRIES = 10;

    /** One event: {@code detail} is a JSON object as text. */
    public record Entry(String source, String detailType, String detail) {
    }

    /** The bus refused the call or some entries, or did not answer. */
    public static final class PutEventsException extends Exception {
        public PutEventsException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SignedJsonCall events;
    private final String eventBusName;
    private final JsonCodec json;

    /**
     * @param endpoint {@code null} for the region's {@code https://events.{region}.amazonaws.com/}
     */
    public EventBridgePublisher(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint,
                                String eventBusName, JsonCodec json) {
        this.events = new SignedJsonCall(http, credentials, "events", region, endpoint);
        this.eventBusName = eventBusName;
        this.json = json;
    }

    public String eventBusName() {
        return eventBusName;
    }

    /** Puts every entry, ten per call; throws on the first call that fails or reports failed entries. */
    public void put(List<Entry> entries) throws PutEventsException {
        for (int from = 0; from < entries.size(); from += MAX_ENTRIES) {
            putBatch(entries.subList(from, Math.min(entries.size(), from + MAX_ENTRIES)));
        }
    }

    private void putBatch(List<Entry> entries) throws PutEventsException {
        List<Map<String, Object>> wire = new ArrayList<>();
        for (Entry entry : entries) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("Source", entry.source());
            item.put("DetailType", entry.detailType());
            item.put("Detail", entry.detail());
            item.put("EventBusName", eventBusName);
            wire.add(item);
        }
        byte[] body = json.write(Map.of("Entries", wire)).getBytes(StandardCharsets.UTF_8);
        try {
            SignedJsonCall.Answer answer = events.call("AWSEvents.PutEvents", body);
            JsonNode node = answer.json(json);
            if (answer.status() != 200) {
                throw new PutEventsException("PutEvents failed: HTTP " + answer.status() + " "
                        + node.path("__type").asText("unknown error"), null);
            }
            int failed = node.path("FailedEntryCount").asInt(0);
            if (failed > 0) {
                JsonNode first = null;
                for (JsonNode result : node.path("Entries")) {
                    if (result.hasNonNull("ErrorCode")) {
                        first = result;
                        break;
                    }
                }
                throw new PutEventsException("PutEvents: " + failed + " of " + entries.size() + " entries failed"
                        + (first != null ? " (" + first.path("ErrorCode").asText() + ")" : ""), null);
            }
        } catch (IOException | RuntimeException e) {
            throw new PutEventsException("PutEvents failed: " + e.getClass().getSimpleName(), e);
        }
    }
}
