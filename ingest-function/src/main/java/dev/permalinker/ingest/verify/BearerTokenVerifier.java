package dev.permalinker.ingest.verify;

import dev.permalinker.ingest.InboundRequest;

/** Checks {@code Authorization: Bearer <token>}, one of the webhook authentication methods Contentstack offers. */
public final class BearerTokenVerifier implements RequestVerifier {
    private final byte[] tokenDigest;

    public BearerTokenVerifier(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("bearer token must not be empty");
        }
        this.tokenDigest = ConstantTime.sha256(token);
    }

    @Override
    public Verdict verify(InboundRequest request) {
        String header = request.header("Authorization");
        if (header == null) {
            return Verdict.failed("missing Authorization header");
        }
        if (header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Verdict.failed("Authorization is not Bearer");
        }
        return ConstantTime.matches(tokenDigest, header.substring(7).strip()) ? Verdict.PASSED
                : Verdict.failed("wrong Bearer token");
    }

    @Override
    public String toString() {
        return "BearerTokenVerifier";
    }
}
