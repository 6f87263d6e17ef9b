package dev.permalinker.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One unit of work on the FIFO queue: set the permanent URL of one asset. Never carries a token.
 *
 * <p>Wire shape (the message body): {@code {"v":1,"apiKey","branch","assetUid","filename","assetUrl",
 * "contentType","triggeredAt","receivedAt"}} with ISO-8601 instants as strings. {@code filename}, {@code assetUrl}
 * and {@code contentType} are empty for a concise payload (the worker then reads the asset first);
 * {@code contentType} is an optional addition to the original shape, absent in jobs queued before it existed.
 */
public record PermalinkJob(int v, String apiKey, String branch, String assetUid, String filename, String assetUrl,
                           String contentType, String triggeredAt, String receivedAt) {

    public static final int VERSION = 1;

    public static PermalinkJob of(WebhookEvent event, Instant receivedAt) {
        AssetInfo asset = event.asset();
        return new PermalinkJob(VERSION, event.apiKey(), event.branch(), asset.uid(), asset.filename(), asset.url(),
                asset.contentType(), event.triggeredAt().toString(), receivedAt.toString());
    }

    /** What the job says about its asset. */
    public AssetInfo asset() {
        return new AssetInfo(assetUid, orEmpty(filename), orEmpty(assetUrl), "", orEmpty(contentType), "");
    }

    /** A concise payload's job: the asset's name and URL must be read from the CMA before the URL can be built. */
    public boolean isConcise() {
        return orEmpty(filename).isEmpty() && orEmpty(assetUrl).isEmpty();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** FIFO message group: one group per asset, so jobs of different assets never wait for each other. */
    public String messageGroupId() {
        return assetUid;
    }

    /** FIFO deduplication id: hex SHA-256 of {@code apiKey:branch:assetUid}, so redeliveries of a webhook collapse. */
    public String deduplicationId() {
        return deduplicationId(apiKey, branch, assetUid);
    }

    /** The key under which this asset's work is idempotent. */
    public String assetKey() {
        return apiKey + ":" + branch + ":" + assetUid;
    }

    public static String deduplicationId(String apiKey, String branch, String assetUid) {
        return sha256Hex(apiKey + ":" + branch + ":" + assetUid);
    }

    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
