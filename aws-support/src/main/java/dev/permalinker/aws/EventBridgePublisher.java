package dev.permalinker.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Puts events on an EventBridge bus with {@code PutEvents}, at most ten entries per call. The SDK's own retry policy
 * retries throttling and transient errors within {@link #CALL_TIMEOUT}; a call that still fails, or that reports any
 * failed entry, is a {@link PutEventsException}. API (request and answer shapes, the limit of ten entries):
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
 *
 * <p>A function that uses it declares the {@code eventbridge} module (this module's dependency on it is optional):
 * the ingest never carries it.
 */
public final class EventBridgePublisher {
    /** PutEvents takes at most ten entries per call. */
    public static final int MAX_ENTRIES = 10;
    /** One PutEvents, the SDK's retries included. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    /** One event: {@code detail} is a JSON object as text. */
    public record Entry(String source, String detailType, String detail) {
    }

    /** The bus refused the call or some entries, or did not answer. */
    public static final class PutEventsException extends Exception {
        public PutEventsException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final EventBridgeClient events;
    private final String eventBusName;

    public EventBridgePublisher(EventBridgeClient events, String eventBusName) {
        this.events = events;
        this.eventBusName = eventBusName;
    }

    /**
     * Over the container's HTTP client and credentials.
     *
     * @param endpoint overrides the region's EventBridge endpoint (tests, a local run), or {@code null}
     */
    public static EventBridgePublisher create(AwsClients aws, String eventBusName, URI endpoint) {
        return new EventBridgePublisher(aws.client(EventBridgeClient.builder(), CALL_TIMEOUT, endpoint),
                eventBusName);
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
        List<PutEventsRequestEntry> wire = entries.stream().map(entry -> PutEventsRequestEntry.builder()
                .source(entry.source())
                .detailType(entry.detailType())
                .detail(entry.detail())
                .eventBusName(eventBusName)
                .build()).toList();
        PutEventsResponse answer;
        try {
            answer = events.putEvents(r -> r.entries(wire));
        } catch (AwsServiceException e) {
            throw new PutEventsException("PutEvents failed: HTTP " + e.statusCode() + " "
                    + e.awsErrorDetails().errorCode(), e);
        } catch (SdkException e) {
            throw new PutEventsException("PutEvents failed: " + e.getClass().getSimpleName(), e);
        }
        int failed = answer.failedEntryCount() == null ? 0 : answer.failedEntryCount();
        if (failed > 0) {
            String firstError = answer.entries().stream().map(PutEventsResultEntry::errorCode)
                    .filter(code -> code != null).findFirst().map(code -> " (" + code + ")").orElse("");
            throw new PutEventsException("PutEvents: " + failed + " of " + entries.size() + " entries failed"
                    + firstError, null);
        }
    }
}
