package dev.permalinker.model;

/** The asset part of an asset webhook ({@code data.asset}); {@code filename} is empty when the payload has none. */
public record AssetInfo(String uid, String filename, String url, String title, String contentType, String fileSize) {
}
