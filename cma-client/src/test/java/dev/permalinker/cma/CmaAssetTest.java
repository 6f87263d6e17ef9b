package dev.permalinker.cma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.model.AssetInfo;
import dev.permalinker.model.JsonCodec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The asset as the CMA answers it, decoded once: every field, and the odd values a caller must decide about. */
class CmaAssetTest {
    private static final JsonCodec JSON = JsonCodec.create();

    private static CmaAsset asset(String object) {
        return CmaResponse.of(200, "{\"asset\":" + object + "}", JSON).asset().orElseThrow();
    }

    @Test
    void asset_everyField_decoded() {
        CmaResponse response = CmaResponse.of(200, "{\"asset\":{\"uid\":\"blta\",\"filename\":\"a b.png\","
                + "\"url\":\"https://images.contentstack.io/v3/assets/k/blta/v/a_b.png\",\"permanent_url\":"
                + "\"https://p/q\",\"created_at\":\"2026-11-20T09:14:07.311Z\",\"is_dir\":false,\"content_type\":"
                + "\"image/png\",\"title\":\"A\",\"file_size\":\"1024\",\"_version\":2}}", JSON);

        CmaAsset asset = response.asset().orElseThrow();

        assertThat(asset).isEqualTo(new CmaAsset("blta", "a b.png",
                "https://images.contentstack.io/v3/assets/k/blta/v/a_b.png", Optional.of("https://p/q"),
                Optional.of(Instant.parse("2026-11-20T09:14:07.311Z")), false, "image/png", "A", "1024"));
        assertThat(asset.info()).isEqualTo(new AssetInfo("blta", "a b.png",
                "https://images.contentstack.io/v3/assets/k/blta/v/a_b.png", "A", "image/png", "1024", false));
        assertThat(response.permanentUrl()).contains("https://p/q");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yesterday at noon\"", "12345", "null", "\"\"", "\"2026-11-20 09:14:07\"", "{}"})
    void createdAt_unreadable_emptyNotAnException(String value) {
        CmaAsset asset = asset("{\"uid\":\"blta\",\"created_at\":" + value + "}");

        assertThat(asset.createdAt()).isEmpty();
    }

    @Test
    void createdAt_withAnOffset_theSameInstant() {
        CmaAsset asset = asset("{\"created_at\":\"2026-11-20T10:14:07.311+01:00\"}");

        assertThat(asset.createdAt()).contains(Instant.parse("2026-11-20T09:14:07.311Z"));
    }

    @Test
    void asset_folderBlankUrlAndMistypedFields_readTolerantly() {
        CmaAsset asset = asset("{\"uid\":7,\"is_dir\":true,\"permanent_url\":\" \",\"filename\":{\"x\":1},"
                + "\"file_size\":2048}");

        assertThat(asset.uid()).isEqualTo("7");
        assertThat(asset.folder()).isTrue();
        assertThat(asset.permanentUrl()).isEmpty();
        assertThat(asset.filename()).isEmpty();
        assertThat(asset.fileSize()).isEqualTo("2048");
        assertThat(asset.url()).isEmpty();
    }

    @Test
    void assets_listingInOrderWithItsCount() {
        CmaResponse page = CmaResponse.of(200, "{\"assets\":[{\"uid\":\"blt1\"},{\"uid\":\"blt2\",\"is_dir\":true},"
                + "3],\"count\":150}", JSON);

        List<CmaAsset> assets = page.assets().orElseThrow();

        assertThat(assets).extracting(CmaAsset::uid).containsExactly("blt1", "blt2", "");
        assertThat(assets).extracting(CmaAsset::folder).containsExactly(false, true, false);
        assertThat(page.count()).hasValue(150);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"notice\":\"x\"}", "{\"assets\":null}", "{\"assets\":{\"a\":1}}", "[]", "<html>"})
    void assets_noAssetsArray_empty(String body) {
        assertThat(CmaResponse.of(200, body, JSON).assets()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"count\":-1}", "{\"count\":\"150\"}", "{\"count\":1e12}", "{}"})
    void count_notAWholeNumberOfAtLeastZero_empty(String body) {
        assertThat(CmaResponse.of(200, body, JSON).count()).isEmpty();
    }
}
