package dev.permalinker.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SigningKeyPemTest {
    private static KeyPair pair;

    @BeforeAll
    static void generate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        pair = generator.generateKeyPair();
    }

    @Test
    void publicKeyPem_isPkcs1AsContentstackPublishes_andReadsBack() {
        String pem = SigningKeyPem.publicKeyPem(pair.getPublic());

        assertThat(pem).startsWith("-----BEGIN RSA PUBLIC KEY-----\n").endsWith("-----END RSA PUBLIC KEY-----\n");
        assertThat(pem.lines().filter(line -> !line.startsWith("-----"))).allMatch(line -> line.length() <= 64);
        assertThat((PublicKey) SigningKeyPem.publicKey(pem)).isEqualTo(pair.getPublic());
    }

    @Test
    void publicKey_spki_readsTheSameKey() {
        String spki = "-----BEGIN PUBLIC KEY-----\r\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\r\n-----END PUBLIC KEY-----\r\n";

        assertThat((PublicKey) SigningKeyPem.publicKey(spki)).isEqualTo(pair.getPublic());
    }

    @Test
    void publicKey_opensslPkcs1AndSpki_sameKey() {
        assertThat(SigningKeyPem.publicKey(OpensslVector.text("pkcs1.pem")))
                .isEqualTo(SigningKeyPem.publicKey(OpensslVector.text("spki.pem")));
        assertThat(SigningKeyPem.publicKeyPem(SigningKeyPem.publicKey(OpensslVector.text("spki.pem"))))
                .as("our PKCS#1 PEM is OpenSSL's, to the byte").isEqualTo(OpensslVector.text("pkcs1.pem"));
    }

    @Test
    void publicKey_notPemOrNotAKey_refusedWithoutEchoingIt() {
        assertThatThrownBy(() -> SigningKeyPem.publicKey("hello")).hasMessageContaining("not a PEM public key");
        assertThatThrownBy(() -> SigningKeyPem.publicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .hasMessage("the PEM does not hold an RSA public key");
        assertThatThrownBy(() -> SigningKeyPem.publicKey("-----BEGIN RSA PUBLIC KEY-----\n%%%\n-----END RSA PUBLIC "
                + "KEY-----")).hasMessage("the PEM does not hold an RSA public key");
    }

    @Test
    void privateKeyPem_roundTrip_signsWhatThePublicKeyVerifies() throws Exception {
        String pem = SigningKeyPem.privateKeyPem(pair.getPrivate());
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        String header = CertificateSignature.sign(SigningKeyPem.privateKey(pem), body);

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(CertificateSignature.matchingSalt(pair.getPublic(), CertificateSignature.parse(header), body))
                .isEqualTo(32);
    }

    @Test
    void privateKey_notPkcs8_refusedWithoutEchoingIt() {
        String publicPem = SigningKeyPem.publicKeyPem(pair.getPublic());

        assertThatThrownBy(() -> SigningKeyPem.privateKey(publicPem)).hasMessageContaining("not a PKCS#8 PEM");
        assertThatThrownBy(() -> SigningKeyPem.privateKey(
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")).hasMessage(
                "the PEM does not hold an RSA private key");
    }
}
