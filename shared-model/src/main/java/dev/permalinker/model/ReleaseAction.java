package dev.permalinker.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One message on the release-actions FIFO queue: "events of this release (or bulk publish) were seen". Messages of
 * one release share a group and are collapsed by the actions consumer into one summary, whose single action fires
 * once {@code lastSeenAt} is a quiet period ({@code RELEASE_DEBOUNCE}) in the past.
 *
 * <p>Wire shape (the message body): {@code {"v":1,"kind":"release"|"bulk","apiKey","branch","releaseUid","title",
 * "environment","firstSeenAt","lastSeenAt","events","attempts","retryAt","done"}}, ISO-8601 instants as strings.
 * {@code releaseUid} and {@code title} are empty for a bulk publish; {@code environment} is empty when the events
 * named none; {@code attempts} counts failed actions so far and {@code retryAt} (or {@code null}) is the earliest
 * time of the next one; {@code done} names the targets ({@code hook}, {@code bus}) that already performed this
 * action, so a retry performs only the ones that failed (absent in messages written before it: nothing done). Seen
 * times are the ingest's clock (when the webhook arrived), never Contentstack's.
 *
 * @param events how many webhooks this message stands for (1 from the ingest; the sum in a summary)
 * @param done   the targets that already performed this action; never {@code null} (an absent field reads as none)
 */
public record ReleaseAction(int v, String kind, String apiKey, String branch, String releaseUid, String title,
                            String environment, String firstSeenAt, String lastSeenAt, int events, int attempts,
                            String retryAt, List<String> done) {

    public ReleaseAction {
        done = done == null ? List.of() : List.copyOf(done);
    }

    public static final int VERSION = 1;
    public static final String KIND_RELEASE = "release";
    public static final String KIND_BULK = "bulk";

    /** The message for one release-triggered webhook (or one release deploy), seen at {@code seenAt}. */
    public static ReleaseAction release(String apiKey, String branch, String releaseUid, String title,
                                        String environment, Instant seenAt) {
        return new ReleaseAction(VERSION, KIND_RELEASE, apiKey, branch, releaseUid, orEmpty(title),
                orEmpty(environment), seenAt.toString(), seenAt.toString(), 1, 0, null, List.of());
    }

    /** The message for one webhook of a bulk publish (no release) to {@code environment}. */
    public static ReleaseAction bulk(String apiKey, String branch, String environment, Instant seenAt) {
        return new ReleaseAction(VERSION, KIND_BULK, apiKey, branch, "", "", orEmpty(environment),
                seenAt.toString(), seenAt.toString(), 1, 0, null, List.of());
    }

    public boolean isBulk() {
        return KIND_BULK.equals(kind);
    }

    /**
     * The FIFO message group: hex SHA-256 of {@code release:apiKey:branch:releaseUid} (a bulk publish: {@code
     * bulk:apiKey:branch:environment}). One group per release, so its messages are delivered in order and never
     * to two consumers at once; hashed because the parts together may exceed SQS's 128 characters.
     */
    public String messageGroupId() {
        return PermalinkJob.sha256Hex(isBulk() ? "bulk:" + apiKey + ":" + branch + ":" + environment
                : "release:" + apiKey + ":" + branch + ":" + releaseUid);
    }

    /** What an operator reads: {@code apiKey/branch/releaseUid} or {@code apiKey/branch/bulk:environment}. */
    public String key() {
        return apiKey + "/" + branch + "/" + (isBulk() ? "bulk:" + environment : releaseUid);
    }

    public Instant firstSeen() {
        return Instant.parse(firstSeenAt);
    }

    public Instant lastSeen() {
        return Instant.parse(lastSeenAt);
    }

    /**
     * When this message's action is due: a quiet period after the last event, but no later than {@code maxWait}
     * after the first one (a release whose events keep trickling in still fires), and not before a pending retry.
     */
    public Instant dueAt(Duration quietPeriod, Duration maxWait) {
        Instant due = lastSeen().plus(quietPeriod);
        Instant latest = firstSeen().plus(maxWait);
        if (latest.isBefore(due)) {
            due = latest;
        }
        if (retryAt != null && !retryAt.isEmpty()) {
            Instant retry = Instant.parse(retryAt);
            return retry.isAfter(due) ? retry : due;
        }
        return due;
    }

    /**
     * This message and {@code other} (same group) as one: the earliest first sighting, the latest last one, the
     * events added up (at most {@link Integer#MAX_VALUE}); the higher attempt count and the later pending retry are
     * kept; title and environment from whichever has one. A target counts as done only when it is done in both:
     * events that arrived after a target acted have not been seen by it, so it acts again for them.
     */
    public ReleaseAction mergedWith(ReleaseAction other) {
        Instant first = firstSeen().isBefore(other.firstSeen()) ? firstSeen() : other.firstSeen();
        Instant last = lastSeen().isAfter(other.lastSeen()) ? lastSeen() : other.lastSeen();
        // An empty retryAt means none, as dueAt reads it.
        String retry = orEmpty(retryAt).isEmpty() ? null : retryAt;
        if (!orEmpty(other.retryAt).isEmpty()
                && (retry == null || Instant.parse(other.retryAt).isAfter(Instant.parse(retry)))) {
            retry = other.retryAt;
        }
        Set<String> otherDone = new HashSet<>(other.done);
        return new ReleaseAction(VERSION, kind, apiKey, branch, releaseUid,
                orEmpty(title).isEmpty() ? orEmpty(other.title) : title,
                orEmpty(environment).isEmpty() ? orEmpty(other.environment) : environment,
                first.toString(), last.toString(), (int) Math.min(Integer.MAX_VALUE, (long) events + other.events),
                Math.max(attempts, other.attempts), retry, done.stream().filter(otherDone::contains).toList());
    }

    /**
     * The message for the next attempt after a failed one, due no earlier than {@code nextAttemptAt}, with
     * {@code nowDone} added to the targets done.
     */
    public ReleaseAction afterFailedAttempt(Instant nextAttemptAt, List<String> nowDone) {
        return new ReleaseAction(VERSION, kind, apiKey, branch, releaseUid, title, environment, firstSeenAt,
                lastSeenAt, events, attempts + 1, nextAttemptAt.toString(), union(done, nowDone));
    }

    /** This message with {@code nowDone} added to the targets done (what a dead letter keeps for a redrive). */
    public ReleaseAction withDone(List<String> nowDone) {
        return new ReleaseAction(VERSION, kind, apiKey, branch, releaseUid, title, environment, firstSeenAt,
                lastSeenAt, events, attempts, retryAt, union(done, nowDone));
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        b.stream().filter(t -> !all.contains(t)).forEach(all::add);
        return all;
    }

    /** Stable across collapses and retries of one release's action: the receiver's idempotency key. */
    public String actionId() {
        return PermalinkJob.sha256Hex("action:" + messageGroupId() + ":" + firstSeenAt);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
