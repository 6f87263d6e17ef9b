package dev.permalinker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.model.JsonCodec;
import org.junit.jupiter.api.Test;

/** What {@code dlq peek} shows in its first column, for the job DLQ and for the actions DLQ. */
class DlqSubjectTest {
    private final JsonCodec json = JsonCodec.create();

    @Test
    void aJob_isItsAssetUid() {
        assertThat(DlqOperations.subject("{\"v\":1,\"apiKey\":\"bltstack\",\"branch\":\"main\","
                + "\"assetUid\":\"blt0a1b2c3d4e5f6789\"}", json)).isEqualTo("blt0a1b2c3d4e5f6789");
    }

    @Test
    void aReleaseAction_isItsRelease_neverNull() {
        assertThat(DlqOperations.subject("{\"v\":1,\"kind\":\"release\",\"apiKey\":\"bltstack\",\"branch\":\"main\","
                + "\"releaseUid\":\"bltrel000001\",\"title\":\"Winter\",\"events\":5,\"attempts\":5}", json))
                .isEqualTo("release bltrel000001");
        assertThat(DlqOperations.subject("{\"v\":1,\"kind\":\"bulk\",\"apiKey\":\"bltstack\",\"branch\":\"main\","
                + "\"releaseUid\":null,\"environment\":\"production\",\"events\":3}", json))
                .isEqualTo("bulk production");
    }

    @Test
    void anythingElse_isNotAJob() {
        assertThat(DlqOperations.subject("{\"hello\":1}", json)).isEqualTo("(not a job)");
        assertThat(DlqOperations.subject("not json", json)).isEqualTo("(not a job)");
    }
}
