package dev.permalinker.model;

/**
 * The asset part of an asset webhook ({@code data.asset}) or of a CMA answer. Text fields are empty when the payload
 * has none (a concise payload carries only the uid).
 *
 * @param folder {@code is_dir}: a folder, which gets no permanent URL
 */
public record AssetInfo(String uid, String filename, String url, String title, String contentType, String fileSize,
                        boolean folder) {

    /** A file (not a folder). */
    public AssetInfo(String uid, String filename, String url, String title, String contentType, String fileSize) {
        this(uid, filename, url, title, contentType, fileSize, false);
    }
}
