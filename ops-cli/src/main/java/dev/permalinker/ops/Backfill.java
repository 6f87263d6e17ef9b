package dev.permalinker.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.Identifiers;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.cma.AdaptiveRateLimiter;
import dev.permalinker.cma.CmaResponse;
import dev.permalinker.cma.AssetPages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.function.BiConsumer;

/**
 * Finds a stack's assets that have no permanent URL (created before the pipeline, or while it was down longer than
 * Contentstack retries) and enqueues the same job the ingest would have, with the same ids: a job still queued from
 * a webhook, or from an earlier backfill within SQS's five minutes, is not queued twice.
 */
public final class Backfill {
    private static final int PAGE = 100;

    /** What a backfill saw and did. */
    public record Result(int scanned, int alreadySet, int tooOld, int enqueued) {
    }

    private final AssetPages cma;
    private final DlqOperations.JobSender sender;
    private final JsonCodec json;
    private final Clock clock;
    private final double readsPerSecond;

    public Backfill(AssetPages cma, DlqOperations.JobSender sender, JsonCodec json, Clock clock,
                    double readsPerSecond) {
        this.cma = cma;
        this.sender = sender;
        this.json = json;
        this.clock = clock;
        this.readsPerSecond = readsPerSecond;
    }

    /** @param progress called with (assets scanned so far, total count) after each page */
    public Result run(String apiKey, Instant since, boolean dryRun, BiConsumer<Integer, Integer> progress) {
        int scanned = 0;
        int alreadySet = 0;
        int tooOld = 0;
        int enqueued = 0;
        AdaptiveRateLimiter reads = AdaptiveRateLimiter.create(readsPerSecond);
        for (int skip = 0; ; skip += PAGE) {
            DlqOperations.paced(reads);
            JsonNode page = page(apiKey, skip);
            JsonNode assets = page.path("assets");
            int total = page.path("count").asInt(0);
            for (JsonNode asset : assets) {
                scanned++;
                if (asset.hasNonNull("permanent_url") && !asset.get("permanent_url").asText().isBlank()) {
                    alreadySet++;
                    continue;
                }
                Instant created = parse(asset.path("created_at").asText(""));
                if (since != null && created != null && created.isBefore(since)) {
                    tooOld++;
                    continue;
                }
                String uid = asset.path("uid").asText("");
                if (!Identifiers.isSafe(uid)) {
                    continue;
                }
                PermalinkJob job = new PermalinkJob(PermalinkJob.VERSION, apiKey, Identifiers.DEFAULT_BRANCH, uid,
                        asset.path("filename").asText(""), asset.path("url").asText(""),
                        asset.path("content_type").asText(""),
                        created == null ? clock.instant().toString() : created.toString(), clock.instant().toString());
                if (!dryRun) {
                    sender.send(json.write(job), job.messageGroupId(), job.deduplicationId());
                }
                enqueued++;
            }
            progress.accept(scanned, Math.max(total, scanned));
            if (assets.size() < PAGE) {
                return new Result(scanned, alreadySet, tooOld, enqueued);
            }
        }
    }

    private JsonNode page(String apiKey, int skip) {
        try {
            CmaResponse response = cma.page(apiKey, Identifiers.DEFAULT_BRANCH, skip, PAGE, Duration.ofSeconds(30));
            if (!response.isSuccess()) {
                throw new IllegalStateException("the CMA answered " + response.status() + " listing assets: "
                        + response.body().substring(0, Math.min(200, response.body().length())));
            }
            return response.json();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the CMA", e);
        }
    }

    private static Instant parse(String value) {
        try {
            return value.isEmpty() ? null : OffsetDateTime.parse(value).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
