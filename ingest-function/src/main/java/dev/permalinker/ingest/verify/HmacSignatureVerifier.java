package dev.permalinker.ingest.verify;

import dev.permalinker.ingest.InboundRequest;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an HMAC-SHA256 signature over the exact raw body bytes.
 *
 * <p>The header may hold several signatures separated by commas or spaces, each hex or base64, each optionally
 * prefixed {@code sha256=} or {@code v1=}; several keys may be configured during a rotation. The request passes when
 * any signature matches any key. Comparisons are constant-time ({@link MessageDigest#isEqual}).
 */
public final class HmacSignatureVerifier implements RequestVerifier {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_BYTES = 32;

    private final String headerName;
    /** One initialised Mac per key, cloned per request: cheaper than a provider lookup and key setup each time. */
    private final List<Mac> keyedMacs;

    public HmacSignatureVerifier(String headerName, List<String> secrets) {
        if (secrets.isEmpty() || secrets.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("signing secrets must not be empty");
        }
        this.headerName = headerName;
        this.keyedMacs = secrets.stream()
                .map(s -> keyed(new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), ALGORITHM)))
                .toList();
    }

    @Override
    public Verdict verify(InboundRequest request) {
        String header = request.header(headerName);
        if (header == null || header.isBlank()) {
            return Verdict.failed("missing header " + headerName);
        }
        List<byte[]> presented = parse(header);
        if (presented.isEmpty()) {
            return Verdict.failed("no readable signature in " + headerName);
        }
        boolean matched = false;
        for (Mac keyed : keyedMacs) {
            byte[] expected = fresh(keyed).doFinal(request.rawBody());
            for (byte[] signature : presented) {
                // No early exit: every pair is compared so timing does not reveal which key matched.
                matched |= MessageDigest.isEqual(expected, signature);
            }
        }
        return matched ? Verdict.PASSED : Verdict.failed("signature does not match the body");
    }

    /** Signs {@code body} as Contentstack (or a test) would: lowercase hex HMAC-SHA256. */
    public static String signHex(String secret, byte[] body) {
        return HexFormat.of().formatHex(
                keyed(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM)).doFinal(body));
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

    private static List<byte[]> parse(String header) {
        List<byte[]> signatures = new ArrayList<>();
        int i = 0;
        int length = header.length();
        while (i < length) {
            while (i < length && isSeparator(header.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < length && !isSeparator(header.charAt(i))) {
                i++;
            }
            if (start == i) {
                break;
            }
            String value = header.substring(start, i);
            int equals = value.indexOf('=');
            if (equals > 0 && equals < value.length() - 1) {
                String prefix = value.substring(0, equals);
                if (prefix.equalsIgnoreCase("sha256") || prefix.equalsIgnoreCase("v1")) {
                    value = value.substring(equals + 1);
                }
            }
            byte[] decoded = decode(value);
            if (decoded != null) {
                signatures.add(decoded);
            }
        }
        return signatures;
    }

    private static boolean isSeparator(char c) {
        return c == ',' || Character.isWhitespace(c);
    }

    private static byte[] decode(String value) {
        try {
            if (value.length() == SIGNATURE_BYTES * 2) {
                return HexFormat.of().parseHex(value);
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(value);
            return bytes.length == SIGNATURE_BYTES ? bytes : null;
        } catch (IllegalArgumentException e) {
            try {
                byte[] bytes = Base64.getUrlDecoder().decode(value);
                return bytes.length == SIGNATURE_BYTES ? bytes : null;
            } catch (IllegalArgumentException again) {
                return null;
            }
        }
    }

    @Override
    public String toString() {
        return "HmacSignatureVerifier[header=" + headerName + ", keys=" + keyedMacs.size() + "]";
    }
}
