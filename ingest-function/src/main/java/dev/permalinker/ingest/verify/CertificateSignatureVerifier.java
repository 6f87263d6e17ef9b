package dev.permalinker.ingest.verify;

import dev.permalinker.ingest.InboundRequest;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Contentstack's default webhook signature ("Default (Contentstack Certificate)"): header
 * {@code X-Contentstack-Request-Signature: v1=<base64>}, RSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt over
 * the raw body exactly as received, verified with the key Contentstack publishes. Replay protection for this
 * method is {@code triggered_at} in the signed body (checked by the service).
 * https://www.contentstack.com/docs/developers/set-up-webhooks/secure-your-webhooks
 */
public final class CertificateSignatureVerifier implements RequestVerifier {
    public static final String HEADER = "X-Contentstack-Request-Signature";
    /** Contentstack's RSA-PSS parameters: SHA-256, MGF1 with SHA-256, 32-byte salt. */
    public static final PSSParameterSpec PSS = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            32, 1);

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
            return Verdict.failed(HEADER + " has no v1 signature");
        }
        PublicKey key = keys.current();
        if (verifiesAny(key, signatures, request.rawBody())) {
            return Verdict.PASSED;
        }
        // Contentstack may have rotated its key: look again, at most once per five minutes.
        Optional<PublicKey> rotated = keys.refreshAfterFailure(key);
        if (rotated.isPresent() && verifiesAny(rotated.get(), signatures, request.rawBody())) {
            return Verdict.PASSED;
        }
        return Verdict.failed(HEADER + " does not verify with Contentstack's key");
    }

    private static boolean verifiesAny(PublicKey key, List<byte[]> signatures, byte[] body) {
        boolean verified = false;
        for (byte[] signature : signatures) {
            verified |= verifies(key, signature, body);
        }
        return verified;
    }

    private static boolean verifies(PublicKey key, byte[] signature, byte[] body) {
        try {
            Signature verifier = Signature.getInstance("RSASSA-PSS");
            verifier.setParameter(PSS);
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
