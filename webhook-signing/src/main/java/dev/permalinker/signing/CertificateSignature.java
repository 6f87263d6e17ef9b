package dev.permalinker.signing;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;

/**
 * Contentstack's default webhook signature ("Default (Contentstack Certificate)"): header
 * {@code X-Contentstack-Request-Signature: v1=<base64>}, RSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt over
 * the raw body exactly as sent. "Secure your webhooks" calls the maximum salt for the key size (222 for RSA-2048)
 * outdated; Node's verifiers accept it, and so does {@link #matchingSalt}.
 * https://www.contentstack.com/docs/developers/set-up-webhooks/secure-your-webhooks
 */
public final class CertificateSignature {
    public static final String HEADER = "X-Contentstack-Request-Signature";
    /** The documented salt: as long as the SHA-256 digest. */
    public static final int SALT_LENGTH = 32;
    /** Contentstack's RSA-PSS parameters: SHA-256, MGF1 with SHA-256, 32-byte salt, trailer field 1. */
    public static final PSSParameterSpec PSS = pss(SALT_LENGTH);
    /** What {@link #matchingSalt} answers when no signature verifies. */
    public static final int NO_MATCH = -1;
    private static final String V1 = "v1=";

    private CertificateSignature() {
    }

    /** The header value for {@code body} signed with {@code key}: {@code v1=<base64 RSA-PSS signature>}, salt 32. */
    public static String sign(PrivateKey key, byte[] body) {
        return headerValue(List.of(signature(key, body, SALT_LENGTH)));
    }

    /** The raw RSA-PSS signature of {@code body} with the given salt length. */
    public static byte[] signature(PrivateKey key, byte[] body, int saltLength) {
        try {
            Signature signer = Signature.getInstance("RSASSA-PSS");
            signer.setParameter(pss(saltLength));
            signer.initSign(key);
            signer.update(body);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSASSA-PSS is required of every JVM", e);
        }
    }

    /** {@code v1=<base64>} for each signature, comma-separated. */
    public static String headerValue(List<byte[]> signatures) {
        StringJoiner header = new StringJoiner(",");
        signatures.forEach(signature -> header.add(V1 + Base64.getEncoder().encodeToString(signature)));
        return header.toString();
    }

    /**
     * The {@code v1} signatures of a header value (other comma-separated elements are ignored). Malformed when a
     * {@code v1} is not base64, or when there is none: older documentation shows a bare hex value, which is not the
     * signature this method defines.
     */
    public static List<byte[]> parse(String headerValue) throws MalformedSignatureException {
        List<byte[]> signatures = new ArrayList<>();
        for (String element : headerValue.split(",")) {
            String trimmed = element.strip();
            if (trimmed.startsWith(V1)) {
                try {
                    signatures.add(Base64.getDecoder().decode(trimmed.substring(V1.length())));
                } catch (IllegalArgumentException e) {
                    throw new MalformedSignatureException("v1 is not base64");
                }
            }
        }
        if (signatures.isEmpty()) {
            throw new MalformedSignatureException("has no v1 signature (expected v1=<base64>)");
        }
        return signatures;
    }

    /** The salt length (32, then the key's maximum) with which any of the signatures verifies, or {@link #NO_MATCH}. */
    public static int matchingSalt(PublicKey key, List<byte[]> signatures, byte[] body) {
        for (int salt : new int[] {SALT_LENGTH, maximumSalt(key)}) {
            for (byte[] signature : signatures) {
                if (salt > 0 && verifies(key, signature, body, salt)) {
                    return salt;
                }
            }
        }
        return NO_MATCH;
    }

    /** RFC 8017 9.1.1: emLen - hLen - 2, emLen = ceil((modBits - 1) / 8); 222 for a 2048-bit key. */
    public static int maximumSalt(PublicKey key) {
        if (!(key instanceof RSAPublicKey rsa)) {
            return NO_MATCH;
        }
        int emLength = (rsa.getModulus().bitLength() - 1 + 7) / 8;
        return emLength - SALT_LENGTH - 2;
    }

    /** RSA-PSS with Contentstack's digest and mask generation, and the given salt length. */
    public static PSSParameterSpec pss(int saltLength) {
        return new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, saltLength, 1);
    }

    private static boolean verifies(PublicKey key, byte[] signature, byte[] body, int salt) {
        try {
            Signature verifier = Signature.getInstance("RSASSA-PSS");
            verifier.setParameter(salt == SALT_LENGTH ? PSS : pss(salt));
            verifier.initVerify(key);
            verifier.update(body);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A signature of the wrong length or shape is a failed check, not an error.
            return false;
        }
    }
}
