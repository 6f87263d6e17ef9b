package dev.permalinker.ingest.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.simulator.SigningKeys;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PublicKeysTest {
    @Test
    void pkcs1AsContentstackPublishesIt_andSpki_readTheSameKey() {
        SigningKeys keys = new SigningKeys();
        String spki = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.current().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";

        assertThat(PublicKeys.fromPem(keys.publicKeyPem())).isEqualTo(keys.current().getPublic());
        assertThat(PublicKeys.fromPem(spki)).isEqualTo(keys.current().getPublic());
        assertThat(PublicKeys.fromPem(keys.publicKeyPem().replace("\n", "\\n")))
                .as("a PEM pasted into one line of an environment variable").isEqualTo(keys.current().getPublic());
    }

    @Test
    void notAKey_orTooShort_refused() throws Exception {
        assertThatThrownBy(() -> PublicKeys.fromPem("hello")).hasMessageContaining("not a PEM public key");
        assertThatThrownBy(() -> PublicKeys.fromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .hasMessageContaining("does not hold an RSA public key");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        String weak = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
        assertThatThrownBy(() -> PublicKeys.fromPem(weak)).hasMessageContaining("shorter than 2048");
    }
}
