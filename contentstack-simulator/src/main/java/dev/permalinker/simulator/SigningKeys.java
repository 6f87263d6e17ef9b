package dev.permalinker.simulator;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
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

    /** A new key pair: webhooks signed from now on verify only with the new public key. */
    public void rotate() {
        current = generate();
    }

    /** The public key as Contentstack publishes it: PEM of the PKCS#1 {@code RSAPublicKey}. */
    public String publicKeyPem() {
        return pem("RSA PUBLIC KEY", pkcs1(current.getPublic().getEncoded()));
    }

    /** The private key as PKCS#8 PEM, for a signer in another process (the operator's test webhook). */
    public String privateKeyPem() {
        return pem("PRIVATE KEY", current.getPrivate().getEncoded());
    }

    /** How often the public key was fetched over HTTP. */
    public long fetches() {
        return fetches.get();
    }

    void countFetch() {
        fetches.incrementAndGet();
    }

    static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    /**
     * The PKCS#1 key inside an X.509 {@code SubjectPublicKeyInfo}: {@code SEQUENCE { algorithm SEQUENCE,
     * subjectPublicKey BIT STRING }}, the BIT STRING's content after its unused-bits byte.
     */
    static byte[] pkcs1(byte[] spki) {
        int[] outer = header(spki, 0);
        int algorithmStart = outer[0];
        int[] algorithm = header(spki, algorithmStart);
        int bitStringStart = algorithm[0] + algorithm[1];
        int[] bitString = header(spki, bitStringStart);
        return Arrays.copyOfRange(spki, bitString[0] + 1, bitString[0] + bitString[1]);
    }

    /** {@code {contentOffset, contentLength}} of the DER element starting at {@code offset}. */
    private static int[] header(byte[] der, int offset) {
        int lengthByte = der[offset + 1] & 0xFF;
        if (lengthByte < 0x80) {
            return new int[] {offset + 2, lengthByte};
        }
        int count = lengthByte & 0x7F;
        int length = 0;
        for (int i = 0; i < count; i++) {
            length = (length << 8) | (der[offset + 2 + i] & 0xFF);
        }
        return new int[] {offset + 2 + count, length};
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
