package dev.permalinker.ingest;

import dev.permalinker.model.JobPublisher;
import dev.permalinker.model.PermalinkJob;
import java.util.ArrayList;
import java.util.List;

/** A publisher that keeps what it was given, or fails every send when told to. */
final class RecordingPublisher implements JobPublisher {
    final List<PermalinkJob> published = new ArrayList<>();
    boolean failing;

    @Override
    public void publish(PermalinkJob job) throws PublishException {
        if (failing) {
            throw new PublishException("queue down", new RuntimeException("connection refused"));
        }
        published.add(job);
    }
}
