package dev.permalinker.ingest.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.ingest.InboundRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HmacSignatureVerifierTest {
    private static final byte[] BODY = "{\"module\":\"asset\"}".getBytes(StandardCharsets.UTF_8);
    private final HmacSignatureVerifier verifier = new HmacSignatureVerifier("X-Contentstack-Signature", List.of("k1"));

    private static InboundRequest request(String signature) {
        return new InboundRequest("POST", "/", signature == null ? Map.of() : Map.of("x-contentstack-signature", signature),
                BODY);
    }

    private static String base64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    @Test
    void signHex_knownVector_matchesRfc4231StyleComputation() {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), a widely published vector.
        assertThat(HmacSignatureVerifier.signHex("key",
                "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void verify_plainHex_passes() {
        assertThat(verifier.verify(request(HmacSignatureVerifier.signHex("k1", BODY))).passed()).isTrue();
    }

    @Test
    void verify_upperCaseHexWithSha256Prefix_passes() {
        String signature = "sha256=" + HmacSignatureVerifier.signHex("k1", BODY).toUpperCase();
        assertThat(verifier.verify(request(signature)).passed()).isTrue();
    }

    @Test
    void verify_base64WithV1Prefix_passes() {
        assertThat(verifier.verify(request("v1=" + base64(HmacSignatureVerifier.signHex("k1", BODY)))).passed()).isTrue();
    }

    @Test
    void verify_severalSignaturesOneValid_passes() {
        String header = "v1=" + HmacSignatureVerifier.signHex("old", BODY) + ", v1=" + HmacSignatureVerifier.signHex("k1", BODY);
        assertThat(verifier.verify(request(header)).passed()).isTrue();
    }

    @Test
    void verify_severalSignaturesNoneValid_fails() {
        String header = HmacSignatureVerifier.signHex("a", BODY) + " " + HmacSignatureVerifier.signHex("b", BODY);
        assertThat(verifier.verify(request(header)).passed()).isFalse();
    }

    @Test
    void verify_garbage_failsWithoutEchoingIt() {
        RequestVerifier.Verdict verdict = verifier.verify(request("not-a-signature"));
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.reason()).doesNotContain("not-a-signature");
    }

    @Test
    void verify_truncatedSignature_fails() {
        assertThat(verifier.verify(request(HmacSignatureVerifier.signHex("k1", BODY).substring(0, 62))).passed()).isFalse();
    }

    @Test
    void verify_missingHeader_failsNamingHeader() {
        RequestVerifier.Verdict verdict = verifier.verify(request(null));
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.reason()).contains("X-Contentstack-Signature");
    }

    @Test
    void verify_secondOfTwoKeys_passes() {
        HmacSignatureVerifier rotating = new HmacSignatureVerifier("X-Contentstack-Signature", List.of("k0", "k1"));
        assertThat(rotating.verify(request(HmacSignatureVerifier.signHex("k1", BODY))).passed()).isTrue();
    }

    @Test
    void toString_namesNoKey() {
        assertThat(verifier.toString()).doesNotContain("k1");
    }

    @Test
    void create_emptyKey_refused() {
        assertThatThrownBy(() -> new HmacSignatureVerifier("h", List.of(""))).isInstanceOf(IllegalArgumentException.class);
    }
}
