package dev.permalinker.ingest.verify;

import dev.permalinker.ingest.InboundRequest;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contentstack's default webhook signature ("Default (Contentstack Certificate)"): header
 * {@code X-Contentstack-Request-Signature: v1=<base64>}, RSA-PSS with SHA-256, MGF1-SHA-256 over the raw body
 * exactly as received, verified with the key Contentstack publishes. The salt is 32 bytes; the maximum salt for the
 * key size (222 for RSA-2048), which "Secure your webhooks" calls outdated, is accepted too, as Node's verifiers do;
 * which one matched is logged (never the signature). An older bare value without {@code v1=} is refused with a
 * reason naming the check. Replay protection for this method is {@code triggered_at} in the signed body (checked by
 * the service). https://www.contentstack.com/docs/developers/set-up-webhooks/secure-your-webhooks
 */
public final class CertificateSignatureVerifier implements RequestVerifier {
    public static final String HEADER = "X-Contentstack-Request-Signature";
    /** Contentstack's RSA-PSS parameters: SHA-256, MGF1 with SHA-256, 32-byte salt. */
    public static final PSSParameterSpec PSS = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            32, 1);
    private static final int SHA256_BYTES = 32;
    private static final int NO_MATCH = -1;
    private static final Logger LOG = LoggerFactory.getLogger(CertificateSignatureVerifier.class);

    private final SigningKeySource keys;

    public CertificateSignatureVerifier(SigningKeySource keys) {
        this.keys = keys;
    }

    @Override
    public Verdict verify(InboundRequest request) {
        String header = request.header(HEADER);
        if (header == null || header.isBlank()) {
            return Verdict.failed("missing header " + HEADER);
        }
        List<byte[]> signatures = new ArrayList<>();
        for (String element : header.split(",")) {
            String trimmed = element.strip();
            if (trimmed.startsWith("v1=")) {
                try {
                    signatures.add(Base64.getDecoder().decode(trimmed.substring(3)));
                } catch (IllegalArgumentException e) {
                    return Verdict.failed(HEADER + " v1 is not base64");
                }
            }
        }
        if (signatures.isEmpty()) {
            // Older documentation shows a bare hex value: not the signature this check can verify.
            return Verdict.failed(HEADER + " has no v1 signature (expected v1=<base64>)");
        }
        PublicKey key = keys.current();
        if (passed(key, signatures, request.rawBody())) {
            return Verdict.PASSED;
        }
        // Contentstack may have rotated its key: look again, at most once a minute.
        Optional<PublicKey> rotated = keys.refreshAfterFailure(key);
        if (rotated.isPresent() && passed(rotated.get(), signatures, request.rawBody())) {
            return Verdict.PASSED;
        }
        return Verdict.failed(HEADER + " does not verify with Contentstack's key");
    }

    private static boolean passed(PublicKey key, List<byte[]> signatures, byte[] body) {
        int salt = matchingSalt(key, signatures, body);
        if (salt == NO_MATCH) {
            return false;
        }
        // Salt 32 is the documented case (debug); the outdated maximum salt is worth seeing (info).
        (salt == SHA256_BYTES ? LOG.atDebug() : LOG.atInfo()).addKeyValue("check", "certificate")
                .addKeyValue("pssSaltLength", salt)
                .log(salt == SHA256_BYTES ? "signature verified with PSS salt 32"
                        : "signature verified with the maximum PSS salt (outdated, accepted)");
        return true;
    }

    /** The salt length (32, then the key's maximum) with which any of the signatures verifies, or -1. */
    static int matchingSalt(PublicKey key, List<byte[]> signatures, byte[] body) {
        for (int salt : new int[] {SHA256_BYTES, maximumSalt(key)}) {
            for (byte[] signature : signatures) {
                if (salt > 0 && verifies(key, signature, body, salt)) {
                    return salt;
                }
            }
        }
        return NO_MATCH;
    }

    /** RFC 8017 9.1.1: emLen - hLen - 2, emLen = ceil((modBits - 1) / 8); 222 for a 2048-bit key. */
    static int maximumSalt(PublicKey key) {
        if (!(key instanceof RSAPublicKey rsa)) {
            return NO_MATCH;
        }
        int emLength = (rsa.getModulus().bitLength() - 1 + 7) / 8;
        return emLength - SHA256_BYTES - 2;
    }

    private static boolean verifies(PublicKey key, byte[] signature, byte[] body, int salt) {
        try {
            Signature verifier = Signature.getInstance("RSASSA-PSS");
            verifier.setParameter(salt == SHA256_BYTES ? PSS
                    : new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt, 1));
            verifier.initVerify(key);
            verifier.update(body);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A signature of the wrong length or shape is a failed check, not an error.
            return false;
        }
    }

    @Override
    public String toString() {
        return "CertificateSignatureVerifier";
    }
}
