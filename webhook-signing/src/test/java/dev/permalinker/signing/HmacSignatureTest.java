package dev.permalinker.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HmacSignatureTest {
    private static final long T = 1_763_630_047L;
    private static final byte[] BODY = "{\"module\":\"asset\",\"event\":\"create\"}".getBytes(StandardCharsets.UTF_8);
    /**
     * HMAC-SHA256 of {@code 1763630047.{"module":"asset","event":"create"}}, computed outside Java:
     * {@code printf '%s' '1763630047.{"module":"asset","event":"create"}' | openssl dgst -sha256 -hmac org-key-1}.
     */
    private static final String KNOWN_V1_KEY1 = "1ff3fb6be74a1ee0333112f004ffcfc0f33b80652597e98c9862bbb869694f3a";
    /** The same with {@code -hmac org-key-2} (Python's hmac module agrees on both). */
    private static final String KNOWN_V1_KEY2 = "25839f5ab5c5b7366b48491aac37535e9f1068377ad2a5f0789dbc9661f4d911";

    @Test
    void sign_knownAnswer_documentedFormat() {
        assertThat(HmacSignature.sign(T, BODY, "org-key-1")).isEqualTo("t=1763630047,v1=" + KNOWN_V1_KEY1);
    }

    @Test
    void sign_rotation_oneV1PerKeyInTheOrderGiven() {
        assertThat(HmacSignature.sign(T, BODY, "org-key-2", "org-key-1"))
                .isEqualTo("t=1763630047,v1=" + KNOWN_V1_KEY2 + ",v1=" + KNOWN_V1_KEY1);
    }

    @Test
    void parse_roundTrip_timestampAndEveryV1() throws Exception {
        HmacSignature.Header header = HmacSignature.parse(HmacSignature.sign(T, BODY, "org-key-2", "org-key-1"));

        assertThat(header.timestamp()).isEqualTo("1763630047");
        assertThat(header.unixSeconds()).isEqualTo(T);
        assertThat(header.signatures()).hasSize(2);
        assertThat(HexFormat.of().formatHex(header.signatures().get(1))).isEqualTo(KNOWN_V1_KEY1);
        assertThat(HmacSignature.Key.of("org-key-1").mac(header.timestamp(), BODY))
                .isEqualTo(header.signatures().get(1));
    }

    @Test
    void keyMac_timestampIsSigned_anotherTGivesAnotherMac() {
        HmacSignature.Key key = HmacSignature.Key.of("org-key-1");

        assertThat(HexFormat.of().formatHex(key.mac("1763630047", BODY))).isEqualTo(KNOWN_V1_KEY1);
        assertThat(HexFormat.of().formatHex(key.mac("1763630046", BODY))).isNotEqualTo(KNOWN_V1_KEY1);
        assertThat(key.toString()).doesNotContain("org-key-1");
    }

    @Test
    void parse_spacesAndTheFirstTWins() throws Exception {
        HmacSignature.Header header = HmacSignature.parse(" t=100 , v1=" + KNOWN_V1_KEY1 + ", t=200");

        assertThat(header.timestamp()).isEqualTo("100");
        assertThat(header.signatures()).hasSize(1);
    }

    @Test
    void parse_unreadableV1Skipped_headerWithoutOneIsStillRead() throws Exception {
        HmacSignature.Header header = HmacSignature.parse("t=" + T + ",v1=not-hex-at-all,v1=" + "zz".repeat(32)
                + ",v1=" + KNOWN_V1_KEY1.substring(2));

        assertThat(header.signatures()).isEmpty();
    }

    @Test
    void parse_noT_malformed() {
        assertThatThrownBy(() -> HmacSignature.parse("v1=" + KNOWN_V1_KEY1))
                .isInstanceOf(MalformedSignatureException.class).hasMessage("has no t");
    }

    @Test
    void parse_tNotANumber_malformedWithoutEchoingIt() {
        assertThatThrownBy(() -> HmacSignature.parse("t=yesterday,v1=" + KNOWN_V1_KEY1))
                .isInstanceOf(MalformedSignatureException.class).hasMessage("t is not a number");
    }

    @Test
    void keyOf_empty_refused() {
        assertThatThrownBy(() -> HmacSignature.Key.of("")).isInstanceOf(IllegalArgumentException.class);
    }
}
