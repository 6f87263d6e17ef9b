package dev.permalinker.ingest.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.ingest.InboundRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Contentstack's HMAC signing, from the documented header format, signed independently of production code. */
class HmacSignatureVerifierTest {
    private static final long NOW = 1_763_630_047L;
    private static final byte[] BODY = "{\"module\":\"asset\",\"event\":\"create\"}".getBytes(StandardCharsets.UTF_8);
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private final HmacSignatureVerifier verifier = new HmacSignatureVerifier(List.of("org-key-1"), CLOCK,
            Duration.ofMinutes(30), Duration.ofMinutes(5));

    /** HMAC-SHA256 of {@code t + "." + body}, lowercase hex, as the documentation describes it. */
    private static String v1(String key, long t, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private RequestVerifier.Verdict verify(String header) {
        return verify(header, BODY);
    }

    private RequestVerifier.Verdict verify(String header, byte[] body) {
        return verifier.verify(new InboundRequest("POST", "/", header == null ? Map.of()
                : Map.of("x-contentstack-hmac-signature", header), body));
    }

    @Test
    void documentedFormat_passes() throws Exception {
        assertThat(verify("t=" + NOW + ",v1=" + v1("org-key-1", NOW, BODY)).passed()).isTrue();
    }

    @Test
    void rotation_severalV1OnlyTheLastMatches_passes() throws Exception {
        String header = "t=" + NOW + ",v1=" + v1("new-key", NOW, BODY) + ",v1=" + v1("org-key-1", NOW, BODY);

        assertThat(verify(header).passed()).isTrue();
    }

    @Test
    void rotation_severalConfiguredKeys_anyOneMatches() throws Exception {
        HmacSignatureVerifier twoKeys = new HmacSignatureVerifier(List.of("new-key", "org-key-1"), CLOCK,
                Duration.ofMinutes(30), Duration.ofMinutes(5));

        assertThat(twoKeys.verify(new InboundRequest("POST", "/", Map.of("x-contentstack-hmac-signature",
                "t=" + NOW + ",v1=" + v1("new-key", NOW, BODY)), BODY)).passed()).isTrue();
    }

    @Test
    void missingOrEmptyHeader_failsNamingTheHeader() {
        assertThat(verify(null).reason()).isEqualTo("missing header x-contentstack-hmac-signature");
        assertThat(verify(" ").reason()).isEqualTo("missing header x-contentstack-hmac-signature");
    }

    @Test
    void noTimestamp_fails() throws Exception {
        assertThat(verify("v1=" + v1("org-key-1", NOW, BODY)).reason()).endsWith("has no t");
    }

    @Test
    void timestampNotANumber_failsWithoutEchoingIt() {
        RequestVerifier.Verdict verdict = verify("t=yesterday,v1=00");

        assertThat(verdict.reason()).endsWith("t is not a number").doesNotContain("yesterday");
    }

    @ParameterizedTest
    @ValueSource(longs = {-31 * 60, -3600 * 24, 6 * 60})
    void timestampOutsideTheWindow_failsEvenWhenSignedRight(long offsetSeconds) throws Exception {
        long t = NOW + offsetSeconds;

        assertThat(verify("t=" + t + ",v1=" + v1("org-key-1", t, BODY)).reason()).endsWith("outside the replay window");
    }

    @Test
    void signatureOfOtherBytes_orWhitespaceChangedAfterSigning_fails() throws Exception {
        String header = "t=" + NOW + ",v1=" + v1("org-key-1", NOW, BODY);
        byte[] reformatted = "{\"module\": \"asset\",\"event\":\"create\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(verify(header, reformatted).reason()).endsWith("does not match the body");
        assertThat(verify("t=" + NOW + ",v1=" + v1("org-key-1", NOW, reformatted)).passed()).isFalse();
    }

    @Test
    void timestampIsSigned_anotherTWithTheSameV1Fails() throws Exception {
        assertThat(verify("t=" + (NOW - 1) + ",v1=" + v1("org-key-1", NOW, BODY)).passed()).isFalse();
    }

    @Test
    void unreadableV1_ignoredAndFailsWithoutEchoingIt() {
        RequestVerifier.Verdict verdict = verify("t=" + NOW + ",v1=not-hex-at-all");

        assertThat(verdict.reason()).endsWith("has no readable v1 signature").doesNotContain("not-hex");
    }
}
