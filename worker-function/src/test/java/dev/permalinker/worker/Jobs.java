package dev.permalinker.worker;

import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Jobs and queue messages for tests. */
final class Jobs {
    static final String API_KEY = "bltstack0000000001";
    private static final JsonCodec JSON = JsonCodec.create();
    /** The worker's clock three seconds after the jobs' {@code triggeredAt}: within SQS's deduplication window. */
    static final Clock SOON_AFTER = Clock.fixed(Instant.parse("2026-11-20T09:14:10.502Z"), ZoneOffset.UTC);

    private Jobs() {
    }

    static PermalinkJob job(String uid) {
        return new PermalinkJob(1, API_KEY, "main", uid, uid + " photo.jpg",
                "https://images.contentstack.io/v3/assets/" + API_KEY + "/" + uid + "/abc/photo.jpg", "image/jpeg",
                "2026-11-20T09:14:07.502Z", "2026-11-20T09:14:08Z");
    }

    static QueueMessage message(String messageId, String uid) {
        return new QueueMessage(messageId, JSON.write(job(uid)), uid, 1);
    }
}
