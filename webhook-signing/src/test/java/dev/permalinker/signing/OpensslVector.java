package dev.permalinker.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A certificate-method vector made outside the JDK, with OpenSSL 3.0 (a throwaway 2048-bit key, not kept):
 * <pre>
 * openssl genrsa -out key.pem 2048
 * openssl rsa -in key.pem -RSAPublicKey_out -out pkcs1.pem; openssl rsa -in key.pem -pubout -out spki.pem
 * openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256 \
 *     -sign key.pem body.json | base64 -w0 > signature-salt32.b64   (and rsa_pss_saltlen:max: signature-saltmax.b64)
 * </pre>
 */
final class OpensslVector {
    private OpensslVector() {
    }

    static String text(String name) {
        try (InputStream in = OpensslVector.class.getResourceAsStream("/openssl/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource /openssl/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] body() {
        return text("body.json").getBytes(StandardCharsets.UTF_8);
    }
}
