package dev.permalinker.reconcile.function.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;

/**
 * Reads the EventBridge scheduled event the reconciler is invoked with, AWS's documented sample shape:
 * {@code {"version":"0","id":…,"detail-type":"Scheduled Event","source":"aws.events","account":…,"time":…,
 * "region":…,"resources":["arn:aws:events:…:rule/…"],"detail":{}}}. Only {@code id} and {@code time} are used (for
 * the log); anything else, a manual test invocation with {@code {}} included, runs the reconciliation the same way.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html
 */
public final class ScheduledEvents {
    private final JsonCodec json;

    /** The invocation's event: its {@code id} and {@code time}, empty when absent. */
    public record ScheduledRun(String id, String time) {
    }

    public ScheduledEvents(JsonCodec json) {
        this.json = json;
    }

    public ScheduledRun read(byte[] event) {
        try {
            JsonNode node = json.readTree(event);
            return new ScheduledRun(node.path("id").asText(""), node.path("time").asText(""));
        } catch (IOException | RuntimeException e) {
            return new ScheduledRun("", "");
        }
    }
}
