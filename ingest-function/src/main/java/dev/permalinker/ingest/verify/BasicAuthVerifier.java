package dev.permalinker.ingest.verify;

import dev.permalinker.ingest.InboundRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Checks HTTP Basic credentials (Contentstack webhooks support them next to custom headers). */
public final class BasicAuthVerifier implements RequestVerifier {
    private final String credentials;

    /** @param credentials {@code user:password} */
    public BasicAuthVerifier(String credentials) {
        if (credentials == null || credentials.indexOf(':') < 1) {
            throw new IllegalArgumentException("basic auth credentials must be user:password");
        }
        this.credentials = credentials;
    }

    @Override
    public Verdict verify(InboundRequest request) {
        String header = request.header("Authorization");
        if (header == null) {
            return Verdict.failed("missing Authorization header");
        }
        if (header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Verdict.failed("Authorization is not Basic");
        }
        String presented;
        try {
            presented = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Verdict.failed("Authorization Basic value is not base64");
        }
        return ConstantTime.equals(credentials, presented) ? Verdict.PASSED : Verdict.failed("wrong Basic credentials");
    }

    @Override
    public String toString() {
        return "BasicAuthVerifier";
    }
}
