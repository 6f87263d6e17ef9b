package dev.permalinker.ingest.verify;

import dev.permalinker.signing.SigningKeyPem;
import java.security.interfaces.RSAPublicKey;

/**
 * Reads Contentstack's public key from PEM ({@link SigningKeyPem}: PKCS#1 as published, or SPKI) as configured: a
 * PEM pasted into one line of an environment variable (with {@code \n} for its line breaks) is read too, and a key
 * shorter than Contentstack's is refused.
 */
public final class PublicKeys {
    /** Contentstack's key is 2048 bits; anything under this is refused. */
    static final int MIN_BITS = 2048;

    private PublicKeys() {
    }

    /** Parses a PEM public key; the message says what is wrong, never the key. */
    public static RSAPublicKey fromPem(String pem) {
        RSAPublicKey key = SigningKeyPem.publicKey(pem.replace("\\n", "\n"));
        if (key.getModulus().bitLength() < MIN_BITS) {
            throw new IllegalArgumentException("the public key is shorter than " + MIN_BITS + " bits");
        }
        return key;
    }
}
