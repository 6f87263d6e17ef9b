package dev.permalinker.ingest.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.ingest.InboundRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Contentstack's default certificate signature: RSA-PSS (SHA-256, MGF1-SHA-256, salt 32) over the raw body, signed
 * here with key pairs generated in the test and the JDK's own signer.
 */
class CertificateSignatureVerifierTest {
    private static final KeyPair CONTENTSTACK = generate();
    private static final KeyPair OTHER = generate();
    private static final byte[] BODY = "{\"module\":\"asset\",\"event\":\"create\"}".getBytes(StandardCharsets.UTF_8);

    private long now = 0;
    private final List<PublicKey> published = new ArrayList<>(List.of(CONTENTSTACK.getPublic()));
    private int fetches;
    private boolean fetchFails;

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(KeyPair pair, byte[] body) {
        try {
            Signature signature = Signature.getInstance("RSASSA-PSS");
            signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            signature.initSign(pair.getPrivate());
            signature.update(body);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private SigningKeySource fetchingKeys() {
        return SigningKeySource.fetched(() -> {
            fetches++;
            if (fetchFails) {
                throw new java.io.IOException("unreachable");
            }
            return published.get(published.size() - 1);
        }, () -> now);
    }

    private static RequestVerifier.Verdict verify(CertificateSignatureVerifier verifier, String header, byte[] body) {
        return verifier.verify(new InboundRequest("POST", "/", header == null ? Map.of()
                : Map.of("x-contentstack-request-signature", header), body));
    }

    private final CertificateSignatureVerifier verifier =
            new CertificateSignatureVerifier(SigningKeySource.fixed(CONTENTSTACK.getPublic()));

    @Test
    void signedByContentstack_passes() {
        assertThat(verify(verifier, "v1=" + sign(CONTENTSTACK, BODY), BODY).passed()).isTrue();
    }

    @Test
    void commaSeparatedElements_theV1IsTaken() {
        assertThat(verify(verifier, "t=1763630047, v1=" + sign(CONTENTSTACK, BODY), BODY).passed()).isTrue();
    }

    @Test
    void missingOrEmptyHeader_failsNamingTheHeader() {
        assertThat(verify(verifier, null, BODY).reason()).isEqualTo("missing header X-Contentstack-Request-Signature");
        assertThat(verify(verifier, "", BODY).reason()).isEqualTo("missing header X-Contentstack-Request-Signature");
    }

    @Test
    void noV1_fails() {
        assertThat(verify(verifier, sign(CONTENTSTACK, BODY), BODY).reason()).endsWith("has no v1 signature");
    }

    @Test
    void v1NotBase64_failsWithoutEchoingIt() {
        RequestVerifier.Verdict verdict = verify(verifier, "v1=%%%not*base64%%%", BODY);

        assertThat(verdict.reason()).endsWith("v1 is not base64").doesNotContain("not*base64");
    }

    @Test
    void signatureOfTheWrongLength_fails() {
        String shortSignature = Base64.getEncoder().encodeToString(new byte[128]);

        assertThat(verify(verifier, "v1=" + shortSignature, BODY).passed()).isFalse();
    }

    @Test
    void signatureOfOtherBytes_orWhitespaceChangedAfterSigning_fails() {
        byte[] reformatted = "{\"module\": \"asset\",\"event\":\"create\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(verify(verifier, "v1=" + sign(CONTENTSTACK, BODY), reformatted).reason())
                .endsWith("does not verify with Contentstack's key");
    }

    @Test
    void signedWithAnotherRsaKey_fails() {
        assertThat(verify(verifier, "v1=" + sign(OTHER, BODY), BODY).passed()).isFalse();
    }

    @Test
    void keyRotated_refetchedOnceAndThenPasses() {
        CertificateSignatureVerifier rotating = new CertificateSignatureVerifier(fetchingKeys());
        published.add(OTHER.getPublic());
        now += Duration.ofMinutes(6).toNanos();

        assertThat(verify(rotating, "v1=" + sign(OTHER, BODY), BODY).passed()).isTrue();
        assertThat(fetches).isEqualTo(2);
        assertThat(verify(rotating, "v1=" + sign(OTHER, BODY), BODY).passed()).isTrue();
        assertThat(fetches).as("the new key is kept").isEqualTo(2);
    }

    @Test
    void failuresRefetchAtMostOncePerFiveMinutes() {
        CertificateSignatureVerifier rotating = new CertificateSignatureVerifier(fetchingKeys());
        now += Duration.ofMinutes(6).toNanos();

        for (int i = 0; i < 5; i++) {
            assertThat(verify(rotating, "v1=" + sign(OTHER, BODY), BODY).passed()).isFalse();
        }
        assertThat(fetches).isEqualTo(2);
        now += Duration.ofMinutes(5).toNanos();
        verify(rotating, "v1=" + sign(OTHER, BODY), BODY);
        assertThat(fetches).isEqualTo(3);
    }

    @Test
    void refetchFails_oldKeyKeptAnd401NotAnError() {
        CertificateSignatureVerifier rotating = new CertificateSignatureVerifier(fetchingKeys());
        fetchFails = true;
        now += Duration.ofMinutes(6).toNanos();

        assertThat(verify(rotating, "v1=" + sign(OTHER, BODY), BODY).passed()).isFalse();
        assertThat(verify(rotating, "v1=" + sign(CONTENTSTACK, BODY), BODY).passed()).isTrue();
    }
}
