package dev.permalinker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The permanent-URL rule (docs/architecture.md, "The permanent-URL rule"): host and slug, table-driven. */
class PermanentUrlTest {
    private static final String KEY = "blt5d4f1e2a3b6c7d80";
    private static final String UID = "blt0a1b2c3d4e5f6789";
    private static final String EU_IMAGES =
            "https://eu-images.contentstack.com/v3/assets/" + KEY + "/" + UID + "/6733a/";

    private static final String NA_IMAGES =
            "https://images.contentstack.com/v3/assets/" + KEY + "/" + UID + "/";

    private static AssetInfo asset(String filename, String url, String contentType) {
        return new AssetInfo(UID, filename, url, "", contentType, "");
    }

    /** filename, delivery URL, expected slug. */
    static Stream<Arguments> slugs() {
        String longName = "x".repeat(300);
        return Stream.of(
                // The URL's last segment, as Contentstack wrote it.
                Arguments.of("Summer Sale 2026 (hero).jpeg", EU_IMAGES + "Summer_Sale_2026_hero.jpeg",
                        "Summer_Sale_2026_hero.jpeg"),
                Arguments.of("Résumé été.pdf", EU_IMAGES + "R%C3%A9sum%C3%A9_%C3%A9t%C3%A9.pdf",
                        "R%C3%A9sum%C3%A9_%C3%A9t%C3%A9.pdf"),
                Arguments.of("a.png", EU_IMAGES + "a.png?width=300#top", "a.png"),
                Arguments.of("x.png", EU_IMAGES + "sub-delims!$&'()*+,;=:@.png", "sub-delims!$&'()*+,;=:@.png"),
                Arguments.of("logo.svg", "https://app.contentstack.com/v3/assets/" + KEY + "/" + UID + "/x/logo.svg",
                        "logo.svg"),
                // The segment does not name the file (Contentstack's /{upload uid}/download form): from the filename.
                Arguments.of("Developer's Guide.png", NA_IMAGES + "6733a/download", "Developer%27s_Guide.png"),
                Arguments.of("Developer's Guide.png", NA_IMAGES + "6733a//download", "Developer%27s_Guide.png"),
                Arguments.of("Developer's Guide.png", NA_IMAGES + "6733a/download?branch=development",
                        "Developer%27s_Guide.png"),
                Arguments.of("Q3 report.pdf", NA_IMAGES + "6733a/download/", "Q3_report.pdf"),
                Arguments.of("notes.txt", NA_IMAGES + "6733a/other.png", "notes.txt"),
                Arguments.of(null, NA_IMAGES + "6733a/download", UID),
                // The segment names the file: the same name, or at least the same extension; the query dropped.
                Arguments.of("photo.JPG", NA_IMAGES + "6733a/photo.jpg?branch=development", "photo.jpg"),
                Arguments.of("download", NA_IMAGES + "6733a/download", "download"),
                Arguments.of("Read me", NA_IMAGES + "6733a/Read_me", "Read_me"),
                Arguments.of("Read me", NA_IMAGES + "6733a/Read%20me", "Read%20me"),
                Arguments.of(null, NA_IMAGES + "6733a/hero.webp", "hero.webp"),
                // The URL's segment is not a valid one: from the filename.
                Arguments.of("Annual Report 2025.pdf", EU_IMAGES + "Annual Report 2025.pdf", "Annual_Report_2025.pdf"),
                Arguments.of("bad%zz.png", EU_IMAGES + "bad%zz.png", "bad%25zz.png"),
                Arguments.of("trail.png", EU_IMAGES + "trail%2", "trail.png"),
                Arguments.of("dots.png", EU_IMAGES + "..", "dots.png"),
                Arguments.of("dot.png", EU_IMAGES + ".", "dot.png"),
                Arguments.of("slash.png", EU_IMAGES, "slash.png"),
                Arguments.of("no-path.png", "https://eu-images.contentstack.com", "no-path.png"),
                Arguments.of("query.png", "https://eu-images.contentstack.com?x=1", "query.png"),
                Arguments.of(longName + ".png", EU_IMAGES + longName + ".png", "x".repeat(251) + ".png"),
                Arguments.of("concise.png", "", "concise.png"),
                Arguments.of("http.png", "http://eu-images.contentstack.com/a/b/http.png", "http.png"),
                // From the filename: spaces, unicode, reserved characters, length, no extension, nothing left.
                Arguments.of("Brochure #4 (final)?.pdf", "", "Brochure_%234_%28final%29%3F.pdf"),
                Arguments.of("100% cotton.jpg", "", "100%25_cotton.jpg"),
                Arguments.of("日本語 ファイル.png", "",
                        "%E6%97%A5%E6%9C%AC%E8%AA%9E_%E3%83%95%E3%82%A1%E3%82%A4%E3%83%AB.png"),
                Arguments.of("../../etc/passwd", "", "..%2F..%2Fetc%2Fpasswd"),
                Arguments.of("README", "", "README"),
                Arguments.of("archive.tar.gz", "", "archive.tar.gz"),
                Arguments.of("y".repeat(300), "", "y".repeat(255)),
                Arguments.of("é".repeat(200) + ".png", "", "%C3%A9".repeat(41) + ".png"),
                Arguments.of("", "", UID),
                Arguments.of("   ", "", UID),
                Arguments.of(null, null, UID),
                Arguments.of("..", "", UID));
    }

    @ParameterizedTest(name = "{0} @ {1} -> {2}")
    @MethodSource("slugs")
    void slug_table(String filename, String url, String expected) {
        String slug = PermanentUrl.slug(url, filename, UID);

        assertThat(slug).isEqualTo(expected);
        assertThat(slug.length()).isLessThanOrEqualTo(PermanentUrl.MAX_SLUG_LENGTH);
    }

    /** URL, content type, region, CS_ASSET_HOST, expected host. */
    static Stream<Arguments> hosts() {
        return Stream.of(
                Arguments.of(EU_IMAGES + "a.png", "image/png", Region.EU, null, "eu-images.contentstack.com"),
                Arguments.of("https://EU-ASSETS.contentstack.com/v3/x/a.pdf", "application/pdf", Region.EU, null,
                        "eu-assets.contentstack.com"),
                // Off the region's delivery hosts (an app host, another region, a stranger): the region's hosts.
                Arguments.of("https://app.contentstack.com/v3/assets/x/a.png", "image/png", Region.NA, null,
                        "images.contentstack.io"),
                Arguments.of("https://app.contentstack.com/v3/assets/x/a.pdf", "application/pdf", Region.NA, null,
                        "assets.contentstack.io"),
                Arguments.of("https://api.contentstack.io/v3/assets/x/a.png", "IMAGE/JPEG", Region.NA, null,
                        "images.contentstack.io"),
                Arguments.of(EU_IMAGES + "a.png", "image/png", Region.AU, null, "au-images.contentstack.com"),
                Arguments.of("https://evil.example.com/a.png", "image/png", Region.GCP_EU, null,
                        "gcp-eu-images.contentstack.com"),
                Arguments.of("", "video/mp4", Region.AZURE_NA, null, "azure-na-assets.contentstack.com"),
                // Both documented spellings of North America's hosts are kept as written (branch docs: .com).
                Arguments.of("https://images.contentstack.com/v3/assets/k/u/v/a.png?branch=development", "image/png",
                        Region.NA, null, "images.contentstack.com"),
                Arguments.of("https://assets.contentstack.com/v3/assets/k/u/v/a.pdf", "application/pdf", Region.NA,
                        null, "assets.contentstack.com"),
                Arguments.of("https://images.contentstack.io/v3/assets/k/u/v/a.png", "image/png", Region.NA, null,
                        "images.contentstack.io"),
                Arguments.of("https://images.contentstack.com/v3/assets/k/u/v/a.png", "image/png", Region.EU, null,
                        "eu-images.contentstack.com"),
                // A custom delivery domain wins.
                Arguments.of(EU_IMAGES + "a.png", "image/png", Region.EU, "media.example.com", "media.example.com"));
    }

    @ParameterizedTest(name = "{0} ({1}, {2}, {3}) -> {4}")
    @MethodSource("hosts")
    void host_table(String url, String contentType, Region region, String assetHost, String expected) {
        assertThat(PermanentUrl.host(asset("a.png", url, contentType), region, assetHost)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Region.class)
    void host_everyRegionsOwnDeliveryHostsKept_andNeverAnAppOrApiHost(Region region) {
        assertThat(region.deliveryHosts()).contains(region.imagesHost(), region.assetsHost());
        for (String kept : region.deliveryHosts()) {
            assertThat(PermanentUrl.host(asset("a", "https://" + kept + "/v3/a", "text/plain"), region, null))
                    .isEqualTo(kept);
        }
        for (String refused : new String[] {region.appHost(), region.cmaHost()}) {
            assertThat(PermanentUrl.host(asset("a", "https://" + refused + "/v3/a", "text/plain"), region, null))
                    .isEqualTo(region.assetsHost());
        }
    }

    @Test
    void of_fullUrl_isAPureFunctionOfTheAsset() {
        AssetInfo asset = asset("Summer Sale 2026 (hero).jpeg", EU_IMAGES + "Summer_Sale_2026_hero.jpeg", "image/jpeg");

        String url = PermanentUrl.of(KEY, asset, Region.EU, null);

        assertThat(url).isEqualTo("https://eu-images.contentstack.com/v3/assets/" + KEY + "/" + UID
                + "/Summer_Sale_2026_hero.jpeg");
        assertThat(PermanentUrl.of(KEY, asset, Region.EU, null)).isEqualTo(url);
    }

    @Test
    void of_unsafeIdentifiers_refused() {
        assertThatThrownBy(() -> PermanentUrl.of(KEY, new AssetInfo("../x", "a.png", "", "", "", ""), Region.NA, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PermanentUrl.of("key/../", asset("a.png", "", ""), Region.NA, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void needsContentType_onlyWhenTheUrlIsOffTheDeliveryHostsAndNoTypeIsKnown() {
        assertThat(PermanentUrl.needsContentType(asset("a", EU_IMAGES + "a", ""), Region.EU, null)).isFalse();
        assertThat(PermanentUrl.needsContentType(asset("a", "https://app.contentstack.com/a", ""), Region.NA, null))
                .isTrue();
        assertThat(PermanentUrl.needsContentType(asset("a", "https://app.contentstack.com/a", "image/png"),
                Region.NA, null)).isFalse();
        assertThat(PermanentUrl.needsContentType(asset("a", "", ""), Region.NA, "cdn.example.com")).isFalse();
    }

    @Test
    void deliveryHostOrNull_strictHttpsHostOnly() {
        assertThat(PermanentUrl.deliveryHostOrNull("https://images.contentstack.io:443/a")).isEqualTo(
                "images.contentstack.io:443");
        assertThat(PermanentUrl.deliveryHostOrNull("http://images.contentstack.io/a")).isNull();
        assertThat(PermanentUrl.deliveryHostOrNull("https://user@images.contentstack.io/a")).isNull();
        assertThat(PermanentUrl.deliveryHostOrNull("https://")).isNull();
        assertThat(PermanentUrl.deliveryHostOrNull(null)).isNull();
    }

    @ParameterizedTest
    @EnumSource(Region.class)
    void region_everyRegion_parsesByConfigNameAndHasHttpsHosts(Region region) {
        assertThat(Region.parse(region.configName())).isEqualTo(region);
        assertThat(Region.parse(region.configName().toLowerCase(Locale.ROOT).replace('-', '_'))).isEqualTo(region);
        assertThat(region.cmaBaseUrl().toString()).startsWith("https://").endsWith(region.cmaHost());
        assertThat(region.signingKeyUrl()).hasToString("https://" + region.appHost()
                + "/.well-known/public-keys.json");
        assertThat(region.imagesHost()).contains("images");
        assertThat(region.assetsHost()).contains("assets");
    }

    @Test
    void of_filenameWithNonCharactersAndLoneSurrogates_percentEncodedReplacementNeverAQuestionMark() {
        // What SQS refuses but JSON carries: the job reaches the worker escaped, and the slug must still be clean.
        AssetInfo odd = asset("a\uFFFFb\uD800c\uDFFF.png", "https://images.contentstack.io/v3/assets/" + KEY + "/"
                + UID + "/x/download", "image/png");

        String url = PermanentUrl.of(KEY, odd, Region.NA, null);

        assertThat(url).endsWith("/a%EF%BF%BFb%EF%BF%BDc%EF%BF%BD.png").doesNotContain("%3F");
        assertThat(PermanentUrl.filenameSlug("\uD800", UID)).isEqualTo("%EF%BF%BD");
        // A whole pair is one code point, encoded as such.
        assertThat(PermanentUrl.filenameSlug("\uD83D\uDE00.png", UID)).isEqualTo("%F0%9F%98%80.png");
    }
}
