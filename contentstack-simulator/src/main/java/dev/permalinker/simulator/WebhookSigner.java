package dev.permalinker.simulator;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs webhook bodies the way the sender does, for the demo, the operator's test webhook, benchmarks and tests. */
public final class WebhookSigner {
    private WebhookSigner() {
    }

    /** Lowercase hex HMAC-SHA256 of {@code data} with {@code secret}. */
    public static String hmacSha256Hex(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}
