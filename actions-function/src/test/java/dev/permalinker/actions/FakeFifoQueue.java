package dev.permalinker.actions;

import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.ReleaseAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An in-memory SQS FIFO queue on a fake clock, with the rules the debouncer relies on: per-group order, a group
 * blocked while one of its messages is in flight, visibility timeouts, ChangeMessageVisibility in whole seconds.
 */
final class FakeFifoQueue implements ActionsQueue {
    static final class Stored {
        final String id;
        final String group;
        final String body;
        Instant visibleAt;
        boolean inFlight;

        Stored(String id, String group, String body, Instant visibleAt) {
            this.id = id;
            this.group = group;
            this.body = body;
            this.visibleAt = visibleAt;
        }
    }

    record DeadLetter(ActionMessage message, FailureCode code, String detail, int attempts) {
    }

    private final Supplier<Instant> now;
    private final JsonCodec json = JsonCodec.create();
    private final AtomicLong ids = new AtomicLong();
    final List<Stored> messages = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();
    final List<ReleaseAction> sent = new ArrayList<>();
    final List<Duration> holds = new ArrayList<>();
    boolean failing;

    FakeFifoQueue(Supplier<Instant> now) {
        this.now = now;
    }

    /** What the ingest does: one message per event (no deduplication modelled). */
    void ingest(ReleaseAction action) {
        messages.add(new Stored("m" + ids.incrementAndGet(), action.messageGroupId(), json.write(action), now.get()));
    }

    /** Up to ten visible messages, skipping groups with a message in flight; received ones hidden for 30 s. */
    List<ActionMessage> receive() {
        Instant t = now.get();
        for (Stored s : messages) {
            if (s.inFlight && !s.visibleAt.isAfter(t)) {
                s.inFlight = false;
            }
        }
        Set<String> blocked = new HashSet<>();
        for (Stored s : messages) {
            if (s.inFlight) {
                blocked.add(s.group);
            }
        }
        // Group by group, as SQS and ElasticMQ fill a receive: a group's messages in order, then the next group.
        List<String> order = new ArrayList<>();
        for (Stored s : messages) {
            if (!blocked.contains(s.group) && !s.visibleAt.isAfter(t) && !order.contains(s.group)) {
                order.add(s.group);
            }
        }
        List<ActionMessage> batch = new ArrayList<>();
        for (String group : order) {
            for (Stored s : messages) {
                if (batch.size() < 10 && s.group.equals(group) && !s.visibleAt.isAfter(t)) {
                    batch.add(new ActionMessage(s.id, "rh-" + s.id, s.group, s.body));
                }
            }
        }
        for (ActionMessage m : batch) {
            Stored s = find(m.messageId());
            s.inFlight = true;
            s.visibleAt = t.plusSeconds(30);
        }
        return batch;
    }

    /** Deletes the batch's messages that were not kept, as the event source does. */
    void complete(List<ActionMessage> batch, List<String> kept) {
        for (ActionMessage m : batch) {
            if (!kept.contains(m.messageId())) {
                messages.remove(find(m.messageId()));
            }
        }
    }

    private Stored find(String id) {
        return messages.stream().filter(s -> s.id.equals(id)).findFirst().orElseThrow();
    }

    @Override
    public void send(String groupId, String deduplicationId, ReleaseAction action) throws QueueException {
        if (failing) {
            throw new QueueException("down", null);
        }
        sent.add(action);
        messages.add(new Stored("m" + ids.incrementAndGet(), groupId, json.write(action), now.get()));
    }

    @Override
    public void hold(ActionMessage message, Duration delay) throws QueueException {
        if (failing) {
            throw new QueueException("down", null);
        }
        holds.add(delay);
        long seconds = Math.max(1, (delay.toMillis() + 999) / 1000);
        find(message.messageId()).visibleAt = now.get().plusSeconds(seconds);
    }

    @Override
    public void deadLetter(ActionMessage message, FailureCode code, String detail, int attempts)
            throws QueueException {
        if (failing) {
            throw new QueueException("down", null);
        }
        deadLetters.add(new DeadLetter(message, code, detail, attempts));
    }
}
