package dev.permalinker.signing;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The PEM forms of the certificate method's keys. Contentstack publishes its public key at
 * {@code /.well-known/public-keys.json} as PKCS#1 ({@code BEGIN RSA PUBLIC KEY}); its own app boilerplate reads it as
 * X.509 SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}): both are read. A private key (for a signer standing in for
 * Contentstack) is PKCS#8 ({@code BEGIN PRIVATE KEY}). Messages say what is wrong, never the key.
 */
public final class SigningKeyPem {
    private static final String PKCS1_PUBLIC = "RSA PUBLIC KEY";
    private static final String SPKI_PUBLIC = "PUBLIC KEY";
    private static final String PKCS8_PRIVATE = "PRIVATE KEY";
    /** {@code SEQUENCE { OID 1.2.840.113549.1.1.1 (rsaEncryption), NULL }}: the algorithm of an SPKI RSA key. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private SigningKeyPem() {
    }

    /** An RSA public key from PKCS#1 or SPKI PEM. */
    public static RSAPublicKey publicKey(String pem) {
        String text = pem.strip();
        boolean pkcs1 = text.startsWith(begin(PKCS1_PUBLIC));
        if (!pkcs1 && !text.startsWith(begin(SPKI_PUBLIC))) {
            throw new IllegalArgumentException("not a PEM public key (expected BEGIN RSA PUBLIC KEY or BEGIN "
                    + "PUBLIC KEY)");
        }
        try {
            byte[] der = der(text);
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pkcs1
                    ? spki(der) : der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM does not hold an RSA public key");
        }
    }

    /** The public key as Contentstack publishes it: PEM of the PKCS#1 {@code RSAPublicKey}. */
    public static String publicKeyPem(PublicKey key) {
        return pem(PKCS1_PUBLIC, pkcs1(key.getEncoded()));
    }

    /** An RSA private key from PKCS#8 PEM. */
    public static PrivateKey privateKey(String pem) {
        String text = pem.strip();
        if (!text.startsWith(begin(PKCS8_PRIVATE))) {
            throw new IllegalArgumentException("not a PKCS#8 PEM private key (BEGIN PRIVATE KEY)");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM does not hold an RSA private key");
        }
    }

    /** The private key as PKCS#8 PEM. */
    public static String privateKeyPem(PrivateKey key) {
        return pem(PKCS8_PRIVATE, key.getEncoded());
    }

    private static String begin(String type) {
        return "-----BEGIN " + type + "-----";
    }

    private static byte[] der(String pem) {
        return Base64.getDecoder().decode(pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "")
                .replaceAll("\\s", ""));
    }

    private static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return begin(type) + "\n" + base64 + "\n-----END " + type + "-----\n";
    }

    /** Wraps a PKCS#1 {@code RSAPublicKey} into {@code SubjectPublicKeyInfo}, the form the JDK reads. */
    static byte[] spki(byte[] pkcs1) {
        ByteArrayOutputStream bitString = new ByteArrayOutputStream();
        bitString.write(0);
        bitString.writeBytes(pkcs1);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(RSA_ALGORITHM);
        content.writeBytes(element(0x03, bitString.toByteArray()));
        return element(0x30, content.toByteArray());
    }

    /**
     * The PKCS#1 key inside an X.509 {@code SubjectPublicKeyInfo}: {@code SEQUENCE { algorithm SEQUENCE,
     * subjectPublicKey BIT STRING }}, the BIT STRING's content after its unused-bits byte.
     */
    static byte[] pkcs1(byte[] spki) {
        int[] outer = header(spki, 0);
        int[] algorithm = header(spki, outer[0]);
        int[] bitString = header(spki, algorithm[0] + algorithm[1]);
        return Arrays.copyOfRange(spki, bitString[0] + 1, bitString[0] + bitString[1]);
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
}
