package dev.permalinker.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateSignatureTest {
    private static final KeyPair CONTENTSTACK = generate(2048);
    private static final KeyPair OTHER = generate(2048);
    private static final byte[] BODY = "{\"module\":\"asset\",\"event\":\"create\"}".getBytes(StandardCharsets.UTF_8);

    private static KeyPair generate(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int salt(PublicKey key, String header, byte[] body) throws MalformedSignatureException {
        return CertificateSignature.matchingSalt(key, CertificateSignature.parse(header), body);
    }

    @Test
    void sign_roundTrip_verifiesWithSalt32() throws Exception {
        String header = CertificateSignature.sign(CONTENTSTACK.getPrivate(), BODY);

        assertThat(header).startsWith("v1=").doesNotContain(",");
        assertThat(salt(CONTENTSTACK.getPublic(), header, BODY)).isEqualTo(32);
    }

    @Test
    void sign_otherBodyOrOtherKey_noMatch() throws Exception {
        String header = CertificateSignature.sign(CONTENTSTACK.getPrivate(), BODY);
        byte[] reformatted = "{\"module\": \"asset\",\"event\":\"create\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(salt(CONTENTSTACK.getPublic(), header, reformatted)).isEqualTo(CertificateSignature.NO_MATCH);
        assertThat(salt(OTHER.getPublic(), header, BODY)).isEqualTo(CertificateSignature.NO_MATCH);
    }

    @Test
    void matchingSalt_theKeysMaximumSalt_acceptedAndReported() throws Exception {
        String header = CertificateSignature.headerValue(List.of(
                CertificateSignature.signature(CONTENTSTACK.getPrivate(), BODY, 222)));

        assertThat(CertificateSignature.maximumSalt(CONTENTSTACK.getPublic())).isEqualTo(222);
        assertThat(salt(CONTENTSTACK.getPublic(), header, BODY)).isEqualTo(222);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 20, 64})
    void matchingSalt_neither32NorTheMaximum_noMatch(int saltLength) throws Exception {
        String header = CertificateSignature.headerValue(List.of(
                CertificateSignature.signature(CONTENTSTACK.getPrivate(), BODY, saltLength)));

        assertThat(salt(CONTENTSTACK.getPublic(), header, BODY)).isEqualTo(CertificateSignature.NO_MATCH);
    }

    @Test
    void maximumSalt_followsTheKeySize() throws Exception {
        KeyPair large = generate(3072);
        String header = CertificateSignature.headerValue(List.of(
                CertificateSignature.signature(large.getPrivate(), BODY, 350)));

        assertThat(CertificateSignature.maximumSalt(large.getPublic())).isEqualTo(384 - 32 - 2);
        assertThat(salt(large.getPublic(), header, BODY)).isEqualTo(350);
    }

    @Test
    void parse_severalV1AndOtherElements_everyV1TakenAnyMayMatch() throws Exception {
        byte[] stale = CertificateSignature.signature(OTHER.getPrivate(), BODY, 32);
        byte[] current = CertificateSignature.signature(CONTENTSTACK.getPrivate(), BODY, 32);
        String header = "t=1763630047, " + CertificateSignature.headerValue(List.of(stale, current));

        List<byte[]> signatures = CertificateSignature.parse(header);

        assertThat(signatures).containsExactly(stale, current);
        assertThat(CertificateSignature.matchingSalt(CONTENTSTACK.getPublic(), signatures, BODY)).isEqualTo(32);
    }

    @Test
    void parse_noV1OrBareHex_malformedNamingTheExpectedForm() {
        String oldStyle = "d7b6d307f35086885f64a8a8d7b6d307f35086885f64a8a8d7b6d307f3508688";

        assertThatThrownBy(() -> CertificateSignature.parse(oldStyle)).isInstanceOf(MalformedSignatureException.class)
                .hasMessage("has no v1 signature (expected v1=<base64>)");
        assertThatThrownBy(() -> CertificateSignature.parse(" , t=1"))
                .hasMessage("has no v1 signature (expected v1=<base64>)");
    }

    @Test
    void parse_v1NotBase64_malformedWithoutEchoingIt() {
        assertThatThrownBy(() -> CertificateSignature.parse("v1=%%%not*base64%%%"))
                .isInstanceOf(MalformedSignatureException.class).hasMessage("v1 is not base64");
    }

    @Test
    void matchingSalt_signatureOfTheWrongLength_noMatchNoError() throws Exception {
        String header = "v1=" + Base64.getEncoder().encodeToString(new byte[128]);

        assertThat(salt(CONTENTSTACK.getPublic(), header, BODY)).isEqualTo(CertificateSignature.NO_MATCH);
    }

    @Test
    void opensslVector_bothSaltsVerifyWithBothPemForms() throws Exception {
        byte[] body = OpensslVector.body();
        for (String pem : List.of("pkcs1.pem", "spki.pem")) {
            PublicKey key = SigningKeyPem.publicKey(OpensslVector.text(pem));

            assertThat(salt(key, "v1=" + OpensslVector.text("signature-salt32.b64").strip(), body)).as(pem)
                    .isEqualTo(32);
            assertThat(salt(key, "v1=" + OpensslVector.text("signature-saltmax.b64").strip(), body)).as(pem)
                    .isEqualTo(222);
            assertThat(salt(key, "v1=" + OpensslVector.text("signature-salt32.b64").strip(),
                    OpensslVector.text("body.json").replace("create", "delete").getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(CertificateSignature.NO_MATCH);
        }
    }
}
