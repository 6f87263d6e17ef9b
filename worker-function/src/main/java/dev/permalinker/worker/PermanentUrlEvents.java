package dev.permalinker.worker;

import dev.permalinker.retry.Deadline;
import dev.permalinker.model.PermalinkJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code EVENT_BUS_NAME} (opt-in): one {@code Permanent URL set} event per asset this worker wrote, so downstream work
 * can chain on it. Events are gathered during an invocation and published once at its end ({@link #flush}), in as
 * few calls as the bus allows; a failure is logged, never fatal: the URL is set either way.
 */
public final class PermanentUrlEvents {
    private static final Logger LOG = LoggerFactory.getLogger(PermanentUrlEvents.class);
    /** No bus configured: nothing is gathered. */
    public static final PermanentUrlEvents NONE = new PermanentUrlEvents(null);

    /** One asset whose permanent URL this worker set. */
    public record Event(String apiKey, String branch, String assetUid, String permanentUrl) {
    }

    /** Where the events go (the {@code .aws} adapter puts them on EventBridge). */
    @FunctionalInterface
    public interface Publisher {
        void publish(List<Event> events) throws Exception;
    }

    private final Publisher publisher;
    private final List<Event> pending = new ArrayList<>();

    public PermanentUrlEvents(Publisher publisher) {
        this.publisher = publisher;
    }

    /** {@code handler}, noting every URL it wrote; {@code handler} itself when no bus is configured. */
    public JobHandler wrap(JobHandler handler) {
        if (publisher == null) {
            return handler;
        }
        return new JobHandler() {
            @Override
            public JobOutcome process(PermalinkJob job, int deliveries, Deadline deadline) {
                JobOutcome outcome = handler.process(job, deliveries, deadline);
                if (outcome instanceof JobOutcome.Done done && done.written()) {
                    synchronized (pending) {
                        pending.add(new Event(job.apiKey(), job.branch(), job.assetUid(), done.permanentUrl()));
                    }
                }
                return outcome;
            }

            @Override
            public Duration minimumTime() {
                return handler.minimumTime();
            }
        };
    }

    /** Publishes what this invocation gathered; returns how many events were published. */
    public int flush() {
        if (publisher == null) {
            return 0;
        }
        List<Event> events;
        synchronized (pending) {
            events = List.copyOf(pending);
            pending.clear();
        }
        if (events.isEmpty()) {
            return 0;
        }
        try {
            publisher.publish(events);
            return events.size();
        } catch (Exception e) {
            LOG.atWarn().addKeyValue("outcome", "events_failed").addKeyValue("events", events.size())
                    .addKeyValue("detail", e.getMessage()).log("Permanent URL set events were not published");
            return 0;
        }
    }
}
