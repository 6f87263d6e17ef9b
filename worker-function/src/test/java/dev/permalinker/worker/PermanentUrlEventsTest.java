package dev.permalinker.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.retry.Deadline;
import dev.permalinker.model.JsonCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PermanentUrlEventsTest {
    private final List<List<PermanentUrlEvents.Event>> published = new ArrayList<>();
    private boolean busDown;
    private final PermanentUrlEvents events = new PermanentUrlEvents(batch -> {
        if (busDown) {
            throw new IllegalStateException("PutEvents failed: HTTP 500");
        }
        published.add(batch);
    });

    /** Writes odd-numbered assets, finds even ones already set, retries "retry" ones. */
    private final JobHandler handler = (job, deliveries, deadline) -> job.assetUid().startsWith("retry")
            ? new JobOutcome.Retry("throttled", 1)
            : new JobOutcome.Done("https://images.contentstack.io/v3/assets/x/" + job.assetUid() + "/a.jpg",
                    job.assetUid().endsWith("1") || job.assetUid().endsWith("3"), 1);

    private BatchProcessor processor() {
        return new BatchProcessor(events.wrap(handler), (m, c, d, a) -> { }, JsonCodec.create());
    }

    @Test
    void flush_afterABatch_oneEventPerUrlWrittenNoneForAlreadySetOrRetried() {
        processor().process(List.of(Jobs.message("m1", "blt1"), Jobs.message("m2", "blt2"),
                Jobs.message("m3", "blt3"), Jobs.message("m4", "retry4")), Deadline.after(Duration.ofSeconds(30)));

        assertThat(events.flush()).isEqualTo(2);

        assertThat(published).singleElement().satisfies(batch -> assertThat(batch)
                .extracting(PermanentUrlEvents.Event::assetUid).containsExactlyInAnyOrder("blt1", "blt3"));
        assertThat(published.get(0).get(0).permanentUrl()).startsWith("https://images.contentstack.io/");
        assertThat(events.flush()).as("gathered once, published once").isZero();
    }

    @Test
    void flush_busDown_loggedNotThrown() {
        processor().process(List.of(Jobs.message("m1", "blt1")), Deadline.after(Duration.ofSeconds(30)));
        busDown = true;

        assertThat(events.flush()).isZero();
    }

    @Test
    void wrap_noBus_handlerUnchanged() {
        assertThat(PermanentUrlEvents.NONE.wrap(handler)).isSameAs(handler);
        assertThat(PermanentUrlEvents.NONE.flush()).isZero();
    }
}
