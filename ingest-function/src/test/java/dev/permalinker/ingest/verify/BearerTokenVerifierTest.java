package dev.permalinker.ingest.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.ingest.InboundRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BearerTokenVerifierTest {
    private final BearerTokenVerifier verifier = new BearerTokenVerifier("tok-123");

    private RequestVerifier.Verdict verify(Map<String, String> headers) {
        return verifier.verify(new InboundRequest("POST", "/", headers, new byte[0]));
    }

    @Test
    void rightToken_anySchemeCase_passes() {
        assertThat(verify(Map.of("Authorization", "Bearer tok-123")).passed()).isTrue();
        assertThat(verify(Map.of("authorization", "bearer tok-123")).passed()).isTrue();
    }

    @Test
    void missingWrongOrOtherScheme_failsWithoutEchoingTheValue() {
        assertThat(verify(Map.of()).reason()).isEqualTo("missing Authorization header");
        assertThat(verify(Map.of("Authorization", "Bearer tok-1234")).reason()).isEqualTo("wrong Bearer token");
        assertThat(verify(Map.of("Authorization", "Basic dG9rLTEyMw==")).reason())
                .isEqualTo("Authorization is not Bearer");
    }
}
