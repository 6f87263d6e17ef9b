package dev.permalinker.model;

import java.nio.charset.StandardCharsets;

/**
 * The permanent-URL rule: {@code https://{host of the asset url}/v3/assets/{apiKey}/{assetUid}/{slug}}.
 *
 * <p>The host is taken from the asset's delivery URL as is, so images stay on the {@code images} host and other
 * files on the {@code assets} host, as Contentstack serves them. The slug is the filename as one RFC 3986 path
 * segment, at most {@value #MAX_SLUG_LENGTH} characters with the extension kept; the asset UID when the filename is
 * empty. See https://www.contentstack.com/docs/developers/create-an-asset/permanent-urls
 */
public final class PermanentUrl {
    public static final int MAX_SLUG_LENGTH = 255;
    /** Longer "extensions" are part of the name: {@code report.final-version-for-review} has none worth keeping. */
    private static final int MAX_EXTENSION_LENGTH = 16;

    private PermanentUrl() {
    }

    public static String of(PermalinkJob job) {
        return of(job.assetUrl(), job.apiKey(), job.assetUid(), job.filename());
    }

    public static String of(String assetUrl, String apiKey, String assetUid, String filename) {
        if (!Identifiers.isSafe(apiKey) || !Identifiers.isSafe(assetUid)) {
            throw new IllegalArgumentException("apiKey and assetUid must match " + Identifiers.SAFE_ID);
        }
        return "https://" + deliveryHost(assetUrl) + "/v3/assets/" + apiKey + "/" + assetUid + "/"
                + slug(filename, assetUid);
    }

    /**
     * The host (and port, if any) of an asset delivery URL; refuses anything but {@code https://host[:port]} followed
     * by a path, query, fragment or nothing. Stricter and ~10 × cheaper than {@link java.net.URI}: no user info, no
     * IPv6 literals, host characters {@code [A-Za-z0-9.-]} only.
     */
    public static String deliveryHost(String assetUrl) {
        if (assetUrl == null || !assetUrl.regionMatches(true, 0, "https://", 0, 8)) {
            throw new IllegalArgumentException("asset url must be an absolute https URL: " + assetUrl);
        }
        int end = 8;
        boolean port = false;
        while (end < assetUrl.length()) {
            char c = assetUrl.charAt(end);
            if (c == '/' || c == '?' || c == '#') {
                break;
            }
            boolean hostChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-';
            if (c == ':' && !port) {
                port = true;
            } else if (port ? !(c >= '0' && c <= '9') : !hostChar) {
                throw new IllegalArgumentException("asset url has an invalid host: " + assetUrl);
            }
            end++;
        }
        String host = assetUrl.substring(8, end);
        if (host.isEmpty() || host.startsWith(".") || host.startsWith(":") || host.endsWith(":")) {
            throw new IllegalArgumentException("asset url has no host: " + assetUrl);
        }
        return host;
    }

    /** The filename percent-encoded as one path segment, cut to {@value #MAX_SLUG_LENGTH} characters. */
    public static String slug(String filename, String assetUid) {
        String name = filename == null ? "" : filename.strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return assetUid;
        }
        int dot = name.lastIndexOf('.');
        boolean hasExtension = dot > 0 && name.length() - dot - 1 <= MAX_EXTENSION_LENGTH && dot < name.length() - 1;
        String base = hasExtension ? name.substring(0, dot) : name;
        String extension = hasExtension ? encode(name.substring(dot)) : "";
        String encodedBase = encode(base);
        if (encodedBase.length() + extension.length() <= MAX_SLUG_LENGTH) {
            return encodedBase + extension;
        }
        // Cut whole code points off the end of the base so no percent-escape is ever split.
        int budget = MAX_SLUG_LENGTH - extension.length();
        StringBuilder cut = new StringBuilder();
        int length = 0;
        for (int i = 0; i < base.length(); ) {
            int codePoint = base.codePointAt(i);
            String piece = encode(new String(Character.toChars(codePoint)));
            if (length + piece.length() > budget) {
                break;
            }
            cut.append(piece);
            length += piece.length();
            i += Character.charCount(codePoint);
        }
        return cut.isEmpty() ? assetUid : cut + extension;
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, as UTF-8. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length() * 3 / 2);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
