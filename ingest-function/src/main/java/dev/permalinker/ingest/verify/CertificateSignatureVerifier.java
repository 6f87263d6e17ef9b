package dev.permalinker.ingest.verify;

import dev.permalinker.ingest.InboundRequest;
import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.signing.MalformedSignatureException;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contentstack's default webhook signature ({@link CertificateSignature}: RSA-PSS over the raw body exactly as
 * received), verified with the key Contentstack publishes, fetched again when it may have been rotated. The outdated
 * maximum salt is accepted too; which salt matched is logged (never the signature). An older bare value without
 * {@code v1=} is refused with a reason naming the check. Replay protection for this method is {@code triggered_at}
 * in the signed body (checked by the service).
 * https://www.contentstack.com/docs/developers/set-up-webhooks/secure-your-webhooks
 */
public final class CertificateSignatureVerifier implements RequestVerifier {
    private static final String HEADER = CertificateSignature.HEADER;
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
        List<byte[]> signatures;
        try {
            signatures = CertificateSignature.parse(header);
        } catch (MalformedSignatureException e) {
            return Verdict.failed(HEADER + " " + e.getMessage());
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
        int salt = CertificateSignature.matchingSalt(key, signatures, body);
        if (salt == CertificateSignature.NO_MATCH) {
            return false;
        }
        // Salt 32 is the documented case (debug); the outdated maximum salt is worth seeing (info).
        boolean documented = salt == CertificateSignature.SALT_LENGTH;
        (documented ? LOG.atDebug() : LOG.atInfo()).addKeyValue("check", "certificate")
                .addKeyValue("pssSaltLength", salt)
                .log(documented ? "signature verified with PSS salt 32"
                        : "signature verified with the maximum PSS salt (outdated, accepted)");
        return true;
    }

    @Override
    public String toString() {
        return "CertificateSignatureVerifier";
    }
}
