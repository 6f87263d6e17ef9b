package dev.permalinker.model;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The permanent-URL rule: {@code https://{host}/v3/assets/{apiKey}/{assetUid}/{slug}}. A permanent URL can be set
 * only once, so this is a pure function of the asset and the configuration: a redrive computes the same URL.
 *
 * <p>Host: {@code CS_ASSET_HOST} when set (a custom delivery domain); else the host of the asset's delivery URL
 * when it is one of the region's documented delivery hosts; else the region's images host for {@code image/*}
 * and its assets host for the rest. Never an app or API host.
 *
 * <p>Slug: the last path segment of the delivery URL as Contentstack wrote it, when it is 1-255 characters of
 * RFC 3986 {@code pchar} with well-formed percent escapes, not {@code .} or {@code ..}, and it names the file: it is
 * the filename as Contentstack writes it into URLs (or that filename percent-decoded), or it carries the filename's
 * extension (case-insensitive; with no filename known, any extension). Otherwise (Contentstack's docs also show
 * asset URLs ending in {@code /{upload uid}/download}) the slug comes from the filename: spaces become {@code _},
 * every character outside {@code A-Za-z0-9._~-} is percent-encoded as UTF-8 (an unpaired surrogate as
 * {@code U+FFFD}), at most 255 characters with the extension kept; the asset uid when nothing is left. The query
 * ({@code ?branch=…}) is never part of the slug.
 * See https://www.contentstack.com/docs/developers/create-an-asset/permanent-urls and
 * https://www.contentstack.com/docs/content-managers/author-content/understanding-asset-url
 */
public final class PermanentUrl {
    public static final int MAX_SLUG_LENGTH = 255;
    /** Longer "extensions" are part of the name: {@code report.final-version-for-review} has none worth keeping. */
    private static final int MAX_EXTENSION_LENGTH = 16;

    private PermanentUrl() {
    }

    /**
     * @param asset     what is known of the asset: uid, filename, delivery URL, content type
     * @param region    the stack's region (its delivery hosts)
     * @param assetHost {@code CS_ASSET_HOST}, or {@code null}
     */
    public static String of(String apiKey, AssetInfo asset, Region region, String assetHost) {
        if (!Identifiers.isSafe(apiKey) || !Identifiers.isSafe(asset.uid())) {
            throw new IllegalArgumentException("apiKey and assetUid must match " + Identifiers.SAFE_ID);
        }
        return "https://" + host(asset, region, assetHost) + "/v3/assets/" + apiKey + "/" + asset.uid() + "/"
                + slug(asset.url(), asset.filename(), asset.uid());
    }

    /** The permanent URL's host (see the class comment). */
    public static String host(AssetInfo asset, Region region, String assetHost) {
        if (assetHost != null && !assetHost.isBlank()) {
            return assetHost;
        }
        String delivered = deliveryHostOrNull(asset.url());
        if (delivered != null && region.isDeliveryHost(delivered)) {
            return delivered.toLowerCase(Locale.ROOT);
        }
        String type = asset.contentType() == null ? "" : asset.contentType().strip().toLowerCase(Locale.ROOT);
        return type.startsWith("image/") ? region.imagesHost() : region.assetsHost();
    }

    /** Whether the host cannot be decided without the asset's content type (the URL is not on a delivery host). */
    public static boolean needsContentType(AssetInfo asset, Region region, String assetHost) {
        if (assetHost != null && !assetHost.isBlank()) {
            return false;
        }
        String delivered = deliveryHostOrNull(asset.url());
        return (delivered == null || !region.isDeliveryHost(delivered))
                && (asset.contentType() == null || asset.contentType().isBlank());
    }

    /** The slug (see the class comment). */
    public static String slug(String assetUrl, String filename, String assetUid) {
        String segment = lastSegment(assetUrl);
        if (segment != null && isPcharSegment(segment) && namesTheFile(segment, filename)) {
            return segment;
        }
        return filenameSlug(filename, assetUid);
    }

    /**
     * Whether a URL's last segment names the file: it is the filename as Contentstack writes it into URLs (our
     * filename rule, or the filename percent-encoded), or it carries the filename's extension. A segment such as
     * {@code download} (the {@code /{upload uid}/download} form) names nothing, unless the file is called that.
     */
    static boolean namesTheFile(String segment, String filename) {
        String name = filename == null ? "" : filename.strip();
        if (!name.isEmpty() && (segment.equals(name) || segment.equals(filenameSlug(name, ""))
                || segment.equals(encode(name)))) {
            return true;
        }
        String segmentExtension = extension(segment);
        if (name.isEmpty()) {
            return segmentExtension != null;
        }
        String nameExtension = extension(name.replace(' ', '_'));
        return nameExtension != null && segmentExtension != null
                && encode(nameExtension).equalsIgnoreCase(segmentExtension);
    }

    /** The extension after the last dot (at most 16 characters, not the whole name), or {@code null}. */
    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1 || name.length() - dot - 1 > MAX_EXTENSION_LENGTH) {
            return null;
        }
        return name.substring(dot + 1);
    }

    /**
     * The host (and port, if any) of an {@code https://} URL, or {@code null} when it is not one; strict and ~10 ×
     * cheaper than {@link java.net.URI}: no user info, no IPv6 literals, host characters {@code [A-Za-z0-9.-]}.
     */
    public static String deliveryHostOrNull(String url) {
        if (url == null || !url.regionMatches(true, 0, "https://", 0, 8)) {
            return null;
        }
        int end = 8;
        boolean port = false;
        while (end < url.length()) {
            char c = url.charAt(end);
            if (c == '/' || c == '?' || c == '#') {
                break;
            }
            boolean hostChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-';
            if (c == ':' && !port) {
                port = true;
            } else if (port ? !(c >= '0' && c <= '9') : !hostChar) {
                return null;
            }
            end++;
        }
        String host = url.substring(8, end);
        if (host.isEmpty() || host.startsWith(".") || host.startsWith(":") || host.endsWith(":")) {
            return null;
        }
        return host;
    }

    /** The last path segment of an https URL (query and fragment dropped), or {@code null} when there is none. */
    static String lastSegment(String url) {
        String host = deliveryHostOrNull(url);
        if (host == null) {
            return null;
        }
        int pathStart = 8 + host.length();
        int pathEnd = url.length();
        for (int i = pathStart; i < url.length(); i++) {
            if (url.charAt(i) == '?' || url.charAt(i) == '#') {
                pathEnd = i;
                break;
            }
        }
        String path = url.substring(pathStart, pathEnd);
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return null;
        }
        String segment = path.substring(slash + 1);
        return segment.isEmpty() ? null : segment;
    }

    /** RFC 3986 {@code segment-nz} of {@code pchar}: unreserved, sub-delims, ':', '@' and well-formed escapes. */
    static boolean isPcharSegment(String segment) {
        if (segment.isEmpty() || segment.length() > MAX_SLUG_LENGTH || segment.equals(".") || segment.equals("..")) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length() || !isHex(segment.charAt(i + 1)) || !isHex(segment.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (!isUnreserved(c) && "!$&'()*+,;=:@".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The filename rule: spaces to {@code _}, the rest percent-encoded, cut to 255 with the extension kept. */
    static String filenameSlug(String filename, String assetUid) {
        String name = filename == null ? "" : filename.strip().replace(' ', '_');
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

    /**
     * Percent-encodes everything but RFC 3986 unreserved characters, as UTF-8. An unpaired surrogate (JSON can carry
     * one, UTF-8 cannot) is encoded as {@code U+FFFD}, the replacement character ({@code %EF%BF%BD}), not as the
     * {@code ?} the JDK's encoder would put there: a literal question mark the filename never had.
     */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length() * 3 / 2);
        for (byte b : withoutLoneSurrogates(text).getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (isUnreserved((char) c) && c < 0x80) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    private static String withoutLoneSurrogates(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
