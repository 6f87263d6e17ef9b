package dev.permalinker.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies the way Contentstack does ("Secure Your Webhooks", "HMAC Signing"), for the simulator, the
 * demo, the operator's test webhook, benchmarks and tests.
 * <ul>
 *   <li>Certificate (the default): {@code X-Contentstack-Request-Signature: v1=<base64>}, RSA-PSS with SHA-256,
 *       MGF1-SHA-256 and a 32-byte salt over the raw body.</li>
 *   <li>HMAC: {@code x-contentstack-hmac-signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]}, HMAC-SHA256 of
 *       {@code t + "." + body} with each active organisation key.</li>
 * </ul>
 */
public final class WebhookSigner {
    public static final String CERTIFICATE_HEADER = "X-Contentstack-Request-Signature";
    public static final String HMAC_HEADER = "x-contentstack-hmac-signature";
    /** RSA-PSS as Contentstack signs: SHA-256, MGF1 with SHA-256, salt 32 bytes, trailer field 1. */
    public static final PSSParameterSpec PSS = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

    private WebhookSigner() {
    }

    /** The certificate method's header value for {@code body}: {@code v1=<base64 RSA-PSS signature>}. */
    public static String certificate(PrivateKey key, byte[] body) {
        try {
            Signature signature = Signature.getInstance("RSASSA-PSS");
            signature.setParameter(PSS);
            signature.initSign(key);
            signature.update(body);
            return "v1=" + Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSASSA-PSS is required of every JVM", e);
        }
    }

    /** An RSA private key from PKCS#8 PEM ({@code BEGIN PRIVATE KEY}); the message never shows the key. */
    public static PrivateKey privateKeyFromPem(String pem) {
        String text = pem.strip();
        if (!text.startsWith("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("not a PKCS#8 PEM private key (BEGIN PRIVATE KEY)");
        }
        String base64 = text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM does not hold an RSA private key");
        }
    }

    /** The HMAC method's header value: {@code t=<unixSeconds>} and one {@code v1} per key, in the order given. */
    public static String hmac(long unixSeconds, byte[] body, String... keys) {
        StringJoiner header = new StringJoiner(",");
        header.add("t=" + unixSeconds);
        byte[] prefix = (unixSeconds + ".").getBytes(StandardCharsets.UTF_8);
        for (String key : keys) {
            header.add("v1=" + hmacSha256Hex(key, prefix, body));
        }
        return header.toString();
    }

    /** Lowercase hex HMAC-SHA256 over the concatenated parts. */
    public static String hmacSha256Hex(String key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}
