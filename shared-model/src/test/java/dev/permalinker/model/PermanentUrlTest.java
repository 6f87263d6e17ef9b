package dev.permalinker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PermanentUrlTest {
    private static final String KEY = "blt5d4f1e2a3b6c7d80";
    private static final String UID = "blt0a1b2c3d4e5f6789";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Summer Sale 2026 (hero).jpeg | Summer%20Sale%202026%20%28hero%29.jpeg",
            "report.pdf                   | report.pdf",
            "a#b.png                      | a%23b.png",
            "what?.png                    | what%3F.png",
            "100%.png                     | 100%25.png",
            "slash/back.png               | slash%2Fback.png",
            "Café menü.png                | Caf%C3%A9%20men%C3%BC.png",
            "日本語.gif                    | %E6%97%A5%E6%9C%AC%E8%AA%9E.gif",
            "README                       | README",
            "tilde~under_score-dash.txt   | tilde~under_score-dash.txt",
    })
    void slug_encodesFilenameAsOnePathSegment(String filename, String expected) {
        assertThat(PermanentUrl.slug(filename, UID)).isEqualTo(expected);
    }

    @Test
    void slug_emptyOrBlankOrDotFilename_usesAssetUid() {
        assertThat(PermanentUrl.slug("", UID)).isEqualTo(UID);
        assertThat(PermanentUrl.slug("   ", UID)).isEqualTo(UID);
        assertThat(PermanentUrl.slug(null, UID)).isEqualTo(UID);
        assertThat(PermanentUrl.slug("..", UID)).isEqualTo(UID);
    }

    @Test
    void slug_300CharacterName_cutTo255KeepingExtension() {
        String slug = PermanentUrl.slug("x".repeat(300) + ".jpeg", UID);
        assertThat(slug).hasSize(255).endsWith(".jpeg").startsWith("xxxx");
    }

    @Test
    void slug_longUnicodeName_neverSplitsAPercentEscape() {
        String slug = PermanentUrl.slug("é".repeat(200) + ".png", UID);
        assertThat(slug.length()).isLessThanOrEqualTo(255);
        assertThat(slug).endsWith(".png").matches("(%C3%A9)+\\.png");
    }

    @Test
    void slug_longNameWithoutExtension_cutTo255() {
        assertThat(PermanentUrl.slug("y".repeat(300), UID)).isEqualTo("y".repeat(255));
    }

    @Test
    void of_imageAsset_staysOnImagesHost() {
        String url = PermanentUrl.of("https://eu-images.contentstack.com/v3/assets/" + KEY + "/" + UID + "/abc/hero.jpeg",
                KEY, UID, "hero.jpeg");
        assertThat(url).isEqualTo("https://eu-images.contentstack.com/v3/assets/" + KEY + "/" + UID + "/hero.jpeg");
    }

    @Test
    void of_otherFile_staysOnAssetsHost() {
        String url = PermanentUrl.of("https://assets.contentstack.io/v3/assets/" + KEY + "/" + UID + "/abc/terms.pdf",
                KEY, UID, "terms.pdf");
        assertThat(url).isEqualTo("https://assets.contentstack.io/v3/assets/" + KEY + "/" + UID + "/terms.pdf");
    }

    @Test
    void of_unsafeUid_refused() {
        assertThatThrownBy(() -> PermanentUrl.of("https://images.contentstack.io/x", KEY, "../x", "a.png"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void of_httpAssetUrl_refused() {
        assertThatThrownBy(() -> PermanentUrl.of("http://images.contentstack.io/x", KEY, UID, "a.png"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
            "https://images.contentstack.io/v3/x, images.contentstack.io",
            "HTTPS://eu-assets.contentstack.com?x=1, eu-assets.contentstack.com",
            "https://localhost:8443/a, localhost:8443",
            "https://images.contentstack.io, images.contentstack.io"})
    void deliveryHost_acceptsHttpsHostAndPort(String url, String host) {
        assertThat(PermanentUrl.deliveryHost(url)).isEqualTo(host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://", "https:///path", "https://user@images.contentstack.io/x",
            "https://images.contentstack.io:80a/x", "ftp://images.contentstack.io/x", "https://[::1]/x",
            "https://exa mple.com/x", "//images.contentstack.io/x"})
    void deliveryHost_refusesAnythingElse(String url) {
        assertThatThrownBy(() -> PermanentUrl.deliveryHost(url)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(Region.class)
    void region_everyRegion_parsesByConfigNameAndHasHttpsCmaHost(Region region) {
        assertThat(Region.parse(region.configName())).isEqualTo(region);
        assertThat(Region.parse(region.configName().toLowerCase().replace('-', '_'))).isEqualTo(region);
        assertThat(region.cmaBaseUrl().toString()).startsWith("https://").endsWith(region.cmaHost());
    }

    @Test
    void region_hostsMatchContentstackDocs() {
        assertThat(Arrays.stream(Region.values()).map(Region::cmaHost)).containsExactly(
                "api.contentstack.io", "eu-api.contentstack.com", "au-api.contentstack.com",
                "azure-na-api.contentstack.com", "azure-eu-api.contentstack.com",
                "gcp-na-api.contentstack.com", "gcp-eu-api.contentstack.com");
        assertThat(Region.parse("US")).isEqualTo(Region.NA);
        assertThatThrownBy(() -> Region.parse("MARS")).hasMessageContaining("AZURE-NA");
    }

    @Test
    void job_deduplicationId_isSha256OfKeyBranchUid() {
        // echo -n "k:main:u" | sha256sum
        assertThat(PermalinkJob.deduplicationId("k", "main", "u"))
                .isEqualTo("c42703d6d51acbb0d4d30447374af78b0b2843d362084b2204bbbc0c5f6cae88")
                .isNotEqualTo(PermalinkJob.deduplicationId("k", "develop", "u"));
    }
}
