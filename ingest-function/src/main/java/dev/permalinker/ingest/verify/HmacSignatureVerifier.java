package dev.permalinker.ingest.verify;

import dev.permalinker.ingest.InboundRequest;
import dev.permalinker.signing.HmacSignature;
import dev.permalinker.signing.MalformedSignatureException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Contentstack's HMAC webhook signature ({@link HmacSignature}, chosen per webhook), checked against every
 * configured organisation key: during a key rotation any {@code v1} may match any key. {@code t} must lie inside the
 * replay window. Comparisons are constant-time. https://www.contentstack.com/docs/administration/hmac-signing
 */
public final class HmacSignatureVerifier implements RequestVerifier {
    private static final String HEADER = HmacSignature.HEADER;

    /** Each key set up once: cheaper than a provider lookup and key setup per request. */
    private final List<HmacSignature.Key> keys;
    private final Clock clock;
    private final Duration replayWindow;
    private final Duration maxClockSkew;

    public HmacSignatureVerifier(List<String> keys, Clock clock, Duration replayWindow, Duration maxClockSkew) {
        if (keys.isEmpty() || keys.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("HMAC signing keys must not be empty");
        }
        this.keys = keys.stream().map(HmacSignature.Key::of).toList();
        this.clock = clock;
        this.replayWindow = replayWindow;
        this.maxClockSkew = maxClockSkew;
    }

    @Override
    public Verdict verify(InboundRequest request) {
        String value = request.header(HEADER);
        if (value == null || value.isBlank()) {
            return Verdict.failed("missing header " + HEADER);
        }
        HmacSignature.Header header;
        try {
            header = HmacSignature.parse(value);
        } catch (MalformedSignatureException e) {
            return Verdict.failed(HEADER + " " + e.getMessage());
        }
        long seconds = header.unixSeconds();
        Instant signedAt = Instant.ofEpochSecond(Math.max(0, Math.min(seconds, Instant.MAX.getEpochSecond())));
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(replayWindow)) || signedAt.isAfter(now.plus(maxClockSkew))) {
            return Verdict.failed(HEADER + " t is outside the replay window");
        }
        if (header.signatures().isEmpty()) {
            return Verdict.failed(HEADER + " has no readable v1 signature");
        }
        boolean matched = false;
        for (HmacSignature.Key key : keys) {
            byte[] expected = key.mac(header.timestamp(), request.rawBody());
            for (byte[] signature : header.signatures()) {
                // No early exit: every pair is compared so timing does not reveal which key matched.
                matched |= MessageDigest.isEqual(expected, signature);
            }
        }
        return matched ? Verdict.PASSED : Verdict.failed(HEADER + " does not match the body");
    }

    @Override
    public String toString() {
        return "HmacSignatureVerifier[keys=" + keys.size() + "]";
    }
}
