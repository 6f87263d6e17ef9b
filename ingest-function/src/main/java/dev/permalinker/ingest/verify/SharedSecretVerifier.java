package dev.permalinker.ingest.verify;

import dev.permalinker.ingest.InboundRequest;

/** Checks the custom header Contentstack sends with the webhook (configured in its "custom headers"). */
public final class SharedSecretVerifier implements RequestVerifier {
    private final String headerName;
    private final byte[] secretDigest;

    public SharedSecretVerifier(String headerName, String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("shared secret must not be empty");
        }
        this.headerName = headerName;
        this.secretDigest = ConstantTime.sha256(secret);
    }

    @Override
    public Verdict verify(InboundRequest request) {
        String presented = request.header(headerName);
        if (presented == null) {
            return Verdict.failed("missing header " + headerName);
        }
        return ConstantTime.matches(secretDigest, presented) ? Verdict.PASSED : Verdict.failed("wrong secret in "
                + headerName);
    }

    @Override
    public String toString() {
        return "SharedSecretVerifier[header=" + headerName + "]";
    }
}
