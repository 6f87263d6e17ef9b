package dev.permalinker.actions.aws;

import dev.permalinker.actions.ActionTarget;
import dev.permalinker.actions.HookTarget;
import dev.permalinker.aws.EventBridgePublisher;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.ReleaseAction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One EventBridge event per settled release on {@code EVENT_BUS_NAME}: {@code source} {@value #SOURCE},
 * detail-type {@value #DETAIL_TYPE}, detail = the hook's body plus {@code actionId} (the same on every attempt, for
 * rules' targets that deduplicate), so rules route it to CodeBuild, Step Functions, API destinations.
 */
public final class EventBusTarget implements ActionTarget {
    public static final String SOURCE = "permalinker";
    public static final String DETAIL_TYPE = "Contentstack release settled";

    private final EventBridgePublisher bus;
    private final JsonCodec json;

    public EventBusTarget(EventBridgePublisher bus, JsonCodec json) {
        this.bus = bus;
        this.json = json;
    }

    @Override
    public void perform(ReleaseAction action) throws ActionFailedException {
        Map<String, Object> detail = new LinkedHashMap<>(HookTarget.body(action));
        detail.put("actionId", action.actionId());
        try {
            bus.put(List.of(new EventBridgePublisher.Entry(SOURCE, DETAIL_TYPE, json.write(detail))));
        } catch (EventBridgePublisher.PutEventsException e) {
            throw new ActionFailedException("event bus " + bus.eventBusName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String id() {
        return "bus";
    }

    @Override
    public String describe() {
        return "bus " + bus.eventBusName();
    }
}
