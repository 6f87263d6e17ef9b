package dev.permalinker.ingest.verify;

import dev.permalinker.ingest.InboundRequest;

/** One way of proving a webhook came from our Contentstack webhook; every configured verifier must pass. */
public interface RequestVerifier {

    /** Checks the request; on failure says why in words that reveal nothing secret. */
    Verdict verify(InboundRequest request);

    /** {@code reason} names what was wrong (e.g. "missing header secret"), never a value. */
    record Verdict(boolean passed, String reason) {
        public static final Verdict PASSED = new Verdict(true, "");

        public static Verdict failed(String reason) {
            return new Verdict(false, reason);
        }
    }
}
