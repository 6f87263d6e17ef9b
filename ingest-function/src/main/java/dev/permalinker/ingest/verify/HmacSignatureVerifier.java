package dev.permalinker.ingest.verify;

import dev.permalinker.ingest.InboundRequest;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Contentstack's HMAC webhook signature ("HMAC Signing", chosen per webhook): header
 * {@code x-contentstack-hmac-signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]}, each {@code v1} HMAC-SHA256 with an
 * organisation key over {@code t + "." + raw body}. Several {@code v1} during a key rotation: any one may match any
 * configured key. {@code t} must lie inside the replay window. Comparisons are constant-time.
 * https://www.contentstack.com/docs/administration/hmac-signing
 */
public final class HmacSignatureVerifier implements RequestVerifier {
    public static final String HEADER = "x-contentstack-hmac-signature";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_HEX_LENGTH = 64;

    /** One initialised Mac per key, cloned per request: cheaper than a provider lookup and key setup each time. */
    private final List<Mac> keyedMacs;
    private final Clock clock;
    private final Duration replayWindow;
    private final Duration maxClockSkew;

    public HmacSignatureVerifier(List<String> keys, Clock clock, Duration replayWindow, Duration maxClockSkew) {
        if (keys.isEmpty() || keys.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("HMAC signing keys must not be empty");
        }
        this.keyedMacs = keys.stream()
                .map(k -> keyed(new SecretKeySpec(k.getBytes(StandardCharsets.UTF_8), ALGORITHM))).toList();
        this.clock = clock;
        this.replayWindow = replayWindow;
        this.maxClockSkew = maxClockSkew;
    }

    @Override
    public Verdict verify(InboundRequest request) {
        String header = request.header(HEADER);
        if (header == null || header.isBlank()) {
            return Verdict.failed("missing header " + HEADER);
        }
        String timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String element : header.split(",")) {
            String trimmed = element.strip();
            if (trimmed.startsWith("t=") && timestamp == null) {
                timestamp = trimmed.substring(2);
            } else if (trimmed.startsWith("v1=")) {
                byte[] signature = hex(trimmed.substring(3));
                if (signature != null) {
                    signatures.add(signature);
                }
            }
        }
        if (timestamp == null) {
            return Verdict.failed(HEADER + " has no t");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return Verdict.failed(HEADER + " t is not a number");
        }
        Instant signedAt = Instant.ofEpochSecond(Math.max(0, Math.min(seconds, Instant.MAX.getEpochSecond())));
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(replayWindow)) || signedAt.isAfter(now.plus(maxClockSkew))) {
            return Verdict.failed(HEADER + " t is outside the replay window");
        }
        if (signatures.isEmpty()) {
            return Verdict.failed(HEADER + " has no readable v1 signature");
        }
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        boolean matched = false;
        for (Mac keyed : keyedMacs) {
            Mac mac = fresh(keyed);
            mac.update(prefix);
            byte[] expected = mac.doFinal(request.rawBody());
            for (byte[] signature : signatures) {
                // No early exit: every pair is compared so timing does not reveal which key matched.
                matched |= MessageDigest.isEqual(expected, signature);
            }
        }
        return matched ? Verdict.PASSED : Verdict.failed(HEADER + " does not match the body");
    }

    private static byte[] hex(String value) {
        if (value.length() != SIGNATURE_HEX_LENGTH) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Mac keyed(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    /** A private copy of an initialised Mac (Mac is not thread-safe; the JDK's HmacSHA256 supports clone). */
    private static Mac fresh(Mac prototype) {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the HmacSHA256 provider cannot clone a Mac", e);
        }
    }

    @Override
    public String toString() {
        return "HmacSignatureVerifier[keys=" + keyedMacs.size() + "]";
    }
}
