package dev.permalinker.simulator;

import dev.permalinker.signing.SigningKeyPem;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Contentstack's webhook signing certificate, simulated: a 2048-bit RSA key pair whose public half is served at
 * {@code /.well-known/public-keys.json} as {@code {"signing-key":"-----BEGIN RSA PUBLIC KEY-----…"}} (PKCS#1),
 * and which can be rotated.
 */
public final class SigningKeys {
    private volatile KeyPair current = generate();
    private final AtomicLong fetches = new AtomicLong();

    /** The key pair webhooks are signed with now. */
    public KeyPair current() {
        return current;
    }

    /** Puts back the key pair an earlier process of a persistent simulator saved. */
    void restore(KeyPair saved) {
        current = saved;
    }

    /** A new key pair: webhooks signed from now on verify only with the new public key. */
    public void rotate() {
        current = generate();
    }

    /** The public key as Contentstack publishes it: PEM of the PKCS#1 {@code RSAPublicKey}. */
    public String publicKeyPem() {
        return SigningKeyPem.publicKeyPem(current.getPublic());
    }

    /** The private key as PKCS#8 PEM, for a signer in another process (the operator's test webhook). */
    public String privateKeyPem() {
        return SigningKeyPem.privateKeyPem(current.getPrivate());
    }

    /** How often the public key was fetched over HTTP. */
    public long fetches() {
        return fetches.get();
    }

    void countFetch() {
        fetches.incrementAndGet();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is required of every JVM", e);
        }
    }
}
