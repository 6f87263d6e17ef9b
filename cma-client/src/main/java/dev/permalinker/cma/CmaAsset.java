package dev.permalinker.cma;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.AssetInfo;
import java.time.Instant;
import java.util.Optional;

/**
 * One asset as the CMA answers it ({@code asset} of {@code GET /v3/assets/{uid}}, an element of {@code assets} of
 * {@code GET /v3/assets}), decoded once for every stage. Tolerant: a missing or mistyped text field is empty, never an
 * exception.
 * https://www.contentstack.com/docs/developers/apis/content-management-api#get-a-single-asset
 *
 * @param permanentUrl {@code permanent_url}, when set (a blank one is not)
 * @param createdAt    {@code created_at} (ISO-8601 with an offset, {@code 2026-11-20T09:14:07.311Z}); empty when it is
 *                     missing or unreadable, which a caller must decide about (the reconciler skips such an asset)
 * @param folder       {@code is_dir}: a folder, which gets no permanent URL
 * @param fileSize     {@code file_size} as the CMA writes it (a numeric string)
 */
public record CmaAsset(String uid, String filename, String url, Optional<String> permanentUrl,
                       Optional<Instant> createdAt, boolean folder, String contentType, String title,
                       String fileSize) {

    /** Reads one asset object; any other node gives an asset with every field empty. */
    public static CmaAsset of(JsonNode node) {
        JsonNode permanentUrl = node.path("permanent_url");
        return new CmaAsset(text(node, "uid"), text(node, "filename"), text(node, "url"),
                permanentUrl.isTextual() && !permanentUrl.textValue().isBlank()
                        ? Optional.of(permanentUrl.textValue()) : Optional.empty(),
                CmaJson.instant(node.path("created_at")), node.path("is_dir").asBoolean(false),
                text(node, "content_type"), text(node, "title"), text(node, "file_size"));
    }

    /** The asset as the permanent-URL rule ({@code PermanentUrl}) and the ingest's jobs read it. */
    public AssetInfo info() {
        return new AssetInfo(uid, filename, url, title, contentType, fileSize, folder);
    }

    private static String text(JsonNode node, String field) {
        return CmaJson.text(node.path(field), "");
    }
}
