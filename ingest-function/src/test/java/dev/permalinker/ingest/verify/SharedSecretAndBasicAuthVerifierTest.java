package dev.permalinker.ingest.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.ingest.InboundRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedSecretAndBasicAuthVerifierTest {
    private static InboundRequest request(Map<String, String> headers) {
        return new InboundRequest("POST", "/", headers, new byte[0]);
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sharedSecret_headerNameAnyCase_passes() {
        SharedSecretVerifier verifier = new SharedSecretVerifier("secret", "abc");
        assertThat(verifier.verify(request(Map.of("SECRET", "abc"))).passed()).isTrue();
    }

    @Test
    void sharedSecret_prefixOfSecret_fails() {
        SharedSecretVerifier verifier = new SharedSecretVerifier("secret", "abcdef");
        assertThat(verifier.verify(request(Map.of("secret", "abc"))).passed()).isFalse();
    }

    @Test
    void sharedSecret_missing_failsNamingHeaderOnly() {
        RequestVerifier.Verdict verdict = new SharedSecretVerifier("secret", "abcdef").verify(request(Map.of()));
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.reason()).contains("secret").doesNotContain("abcdef");
    }

    @Test
    void basicAuth_rightCredentials_passes() {
        BasicAuthVerifier verifier = new BasicAuthVerifier("cs:p4ss:word");
        assertThat(verifier.verify(request(Map.of("Authorization", basic("cs:p4ss:word")))).passed()).isTrue();
    }

    @Test
    void basicAuth_wrongPassword_fails() {
        BasicAuthVerifier verifier = new BasicAuthVerifier("cs:p4ss");
        assertThat(verifier.verify(request(Map.of("Authorization", basic("cs:guess")))).passed()).isFalse();
    }

    @Test
    void basicAuth_bearerScheme_fails() {
        BasicAuthVerifier verifier = new BasicAuthVerifier("cs:p4ss");
        assertThat(verifier.verify(request(Map.of("Authorization", "Bearer cs:p4ss"))).passed()).isFalse();
    }

    @Test
    void basicAuth_invalidBase64_fails() {
        BasicAuthVerifier verifier = new BasicAuthVerifier("cs:p4ss");
        assertThat(verifier.verify(request(Map.of("Authorization", "Basic ***"))).passed()).isFalse();
    }

    @Test
    void basicAuth_missingHeader_fails() {
        assertThat(new BasicAuthVerifier("cs:p4ss").verify(request(Map.of())).passed()).isFalse();
    }
}
