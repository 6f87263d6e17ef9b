package dev.permalinker.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Contentstack's HMAC webhook signature ("HMAC Signing", chosen per webhook): header
 * {@code x-contentstack-hmac-signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]}, each {@code v1} the lowercase hex
 * HMAC-SHA256 with one organisation key over {@code t + "." + raw body}; several {@code v1} during a key rotation.
 * https://www.contentstack.com/docs/administration/hmac-signing
 */
public final class HmacSignature {
    public static final String HEADER = "x-contentstack-hmac-signature";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_HEX_LENGTH = 64;

    private HmacSignature() {
    }

    /**
     * A header value read: {@code t} as sent (the signed text) and as a number, and the readable {@code v1} values
     * (64 hex digits; others are skipped), possibly none.
     */
    public record Header(String timestamp, long unixSeconds, List<byte[]> signatures) {
        public Header {
            signatures = List.copyOf(signatures);
        }
    }

    /** One organisation key, set up once; {@link #mac} is safe to call from several threads. */
    public static final class Key {
        private final Mac prototype;

        private Key(Mac prototype) {
            this.prototype = prototype;
        }

        public static Key of(String secret) {
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("an HMAC signing key must not be empty");
            }
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
                return new Key(mac);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
            }
        }

        /** HMAC-SHA256 of {@code timestamp + "." + body}: the bytes a {@code v1} carries. */
        public byte[] mac(String timestamp, byte[] body) {
            Mac mac = fresh();
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        }

        /** A private copy of the initialised Mac (Mac is not thread-safe; the JDK's HmacSHA256 supports clone). */
        private Mac fresh() {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the HmacSHA256 provider cannot clone a Mac", e);
            }
        }

        @Override
        public String toString() {
            return "HmacSignature.Key";
        }
    }

    /** The header value: {@code t=<unixSeconds>} and one {@code v1} per key, in the order given. */
    public static String sign(long unixSeconds, byte[] body, String... keys) {
        String timestamp = Long.toString(unixSeconds);
        StringJoiner header = new StringJoiner(",");
        header.add("t=" + timestamp);
        for (String key : keys) {
            header.add("v1=" + HexFormat.of().formatHex(Key.of(key).mac(timestamp, body)));
        }
        return header.toString();
    }

    /**
     * Reads a header value: the first {@code t}, and every {@code v1}. Malformed when there is no {@code t} or it is
     * not a number; a header without a readable {@code v1} is not, so that a caller can check {@code t} first.
     */
    public static Header parse(String headerValue) throws MalformedSignatureException {
        String timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String element : headerValue.split(",")) {
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
            throw new MalformedSignatureException("has no t");
        }
        try {
            return new Header(timestamp, Long.parseLong(timestamp), signatures);
        } catch (NumberFormatException e) {
            throw new MalformedSignatureException("t is not a number");
        }
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
}
