package dev.permalinker.ingest.verify;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads an RSA public key from PEM: PKCS#1 ({@code BEGIN RSA PUBLIC KEY}, what Contentstack publishes) or X.509
 * SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}).
 */
public final class PublicKeys {
    /** {@code SEQUENCE { OID 1.2.840.113549.1.1.1 (rsaEncryption), NULL }}: the algorithm of an SPKI RSA key. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** Contentstack's key is 2048 bits; anything under this is refused. */
    static final int MIN_BITS = 2048;

    private PublicKeys() {
    }

    /** Parses a PEM public key; the message says what is wrong, never the key. */
    public static PublicKey fromPem(String pem) {
        String text = pem.replace("\\n", "\n").strip();
        boolean pkcs1 = text.startsWith("-----BEGIN RSA PUBLIC KEY-----");
        if (!pkcs1 && !text.startsWith("-----BEGIN PUBLIC KEY-----")) {
            throw new IllegalArgumentException("not a PEM public key (expected BEGIN RSA PUBLIC KEY or BEGIN "
                    + "PUBLIC KEY)");
        }
        String base64 = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pkcs1 ? spki(der)
                    : der));
            if (((RSAPublicKey) key).getModulus().bitLength() < MIN_BITS) {
                throw new IllegalArgumentException("the public key is shorter than " + MIN_BITS + " bits");
            }
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("the PEM does not hold an RSA public key");
        }
    }

    /** Wraps a PKCS#1 {@code RSAPublicKey} into {@code SubjectPublicKeyInfo}, the form the JDK reads. */
    static byte[] spki(byte[] pkcs1) {
        ByteArrayOutputStream bitString = new ByteArrayOutputStream();
        bitString.write(0);
        bitString.writeBytes(pkcs1);
        byte[] subjectPublicKey = element(0x03, bitString.toByteArray());
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(RSA_ALGORITHM);
        content.writeBytes(subjectPublicKey);
        return element(0x30, content.toByteArray());
    }

    private static byte[] element(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length <= 0xFF) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xFF);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
