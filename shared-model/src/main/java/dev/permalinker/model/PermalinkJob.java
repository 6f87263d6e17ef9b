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
 * "triggeredAt","receivedAt"}} with ISO-8601 instants as strings.
 */
public record PermalinkJob(int v, String apiKey, String branch, String assetUid, String filename, String assetUrl,
                           String triggeredAt, String receivedAt) {

    public static final int VERSION = 1;

    public static PermalinkJob of(WebhookEvent event, Instant receivedAt) {
        AssetInfo asset = event.asset();
        return new PermalinkJob(VERSION, event.apiKey(), event.branch(), asset.uid(), asset.filename(), asset.url(),
                event.triggeredAt().toString(), receivedAt.toString());
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
