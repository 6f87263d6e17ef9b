package dev.permalinker.worker.aws;

import dev.permalinker.aws.EventBridgePublisher;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.worker.PermanentUrlEvents;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Permanent URL set} events on EventBridge: {@code source} {@value #SOURCE}, detail {@code {"apiKey","branch",
 * "assetUid","permanentUrl"}}, up to ten per {@code PutEvents} call.
 */
public final class EventBridgeUrlEvents implements PermanentUrlEvents.Publisher {
    public static final String SOURCE = "permalinker";
    public static final String DETAIL_TYPE = "Permanent URL set";

    private final EventBridgePublisher bus;
    private final JsonCodec json;

    public EventBridgeUrlEvents(EventBridgePublisher bus, JsonCodec json) {
        this.bus = bus;
        this.json = json;
    }

    @Override
    public void publish(List<PermanentUrlEvents.Event> events) throws EventBridgePublisher.PutEventsException {
        bus.put(events.stream().map(e -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("apiKey", e.apiKey());
            detail.put("branch", e.branch());
            detail.put("assetUid", e.assetUid());
            detail.put("permanentUrl", e.permanentUrl());
            return new EventBridgePublisher.Entry(SOURCE, DETAIL_TYPE, json.write(detail));
        }).toList());
    }
}
