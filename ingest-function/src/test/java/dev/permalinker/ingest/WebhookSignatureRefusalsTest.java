package dev.permalinker.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.ingest.IngestResult.Rejected;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.signing.HmacSignature;
import dev.permalinker.simulator.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad signature the issue lists, through the whole service: 401 {@code unauthenticated}, a message that
 * names the check and never echoes the value, and nothing enqueued.
 */
class WebhookSignatureRefusalsTest {
    private static final String CERT = "x-contentstack-request-signature";
    private static final String HMAC = "x-contentstack-hmac-signature";
    private static final String BODY = TestWebhooks.fixture();
    private static final long NOW = TestWebhooks.CLOCK.instant().getEpochSecond();
    private static final SigningKeys ANOTHER_KEY = new SigningKeys();

    private static String certificate(byte[] body) {
        return CertificateSignature.sign(TestWebhooks.CONTENTSTACK_KEY.current().getPrivate(), body);
    }

    static Stream<Arguments> refusals() {
        byte[] body = TestWebhooks.utf8(BODY);
        byte[] otherBytes = TestWebhooks.utf8(BODY.replace("create", "delete"));
        byte[] reformatted = TestWebhooks.utf8(BODY.replace("\"module\":\"asset\"", "\"module\": \"asset\""));
        String lastMatches = HmacSignature.sign(NOW, body, "stale-key", TestWebhooks.HMAC_KEY);
        return Stream.of(
                Arguments.of("certificate", "missing header", CERT, null, "missing header"),
                Arguments.of("certificate", "empty header", CERT, "", "missing header"),
                Arguments.of("certificate", "v1 not base64", CERT, "v1=***forged***", "not base64"),
                // Older docs show a bare hex value without v1=: refused as 401 naming the check, never a 5xx.
                Arguments.of("certificate", "old-style bare hex", CERT,
                        "d7b6d307f35086885f64a8a8d7b6d307f35086885f64a8a8d7b6d307f3508688", "has no v1 signature"),
                Arguments.of("certificate", "wrong length", CERT,
                        "v1=" + Base64.getEncoder().encodeToString(new byte[64]), "does not verify"),
                Arguments.of("certificate", "other bytes", CERT, certificate(otherBytes), "does not verify"),
                Arguments.of("certificate", "whitespace changed", CERT, "reformat:" + certificate(reformatted),
                        "does not verify"),
                Arguments.of("certificate", "another RSA key", CERT,
                        CertificateSignature.sign(ANOTHER_KEY.current().getPrivate(), body), "does not verify"),
                Arguments.of("hmac", "missing header", HMAC, null, "missing header"),
                Arguments.of("hmac", "t outside the window", HMAC,
                        HmacSignature.sign(NOW - 3600, body, TestWebhooks.HMAC_KEY), "outside the replay window"),
                Arguments.of("hmac", "t not a number", HMAC, "t=soon," + lastMatches.substring(
                        lastMatches.indexOf(',') + 1), "t is not a number"),
                Arguments.of("hmac", "no t", HMAC, lastMatches.substring(lastMatches.indexOf(',') + 1), "has no t"),
                Arguments.of("hmac", "no v1", HMAC, "t=" + NOW, "no readable v1"),
                Arguments.of("hmac", "other bytes", HMAC, HmacSignature.sign(NOW, otherBytes, TestWebhooks.HMAC_KEY),
                        "does not match"),
                // The last v1 matches: a rotation's header; it must pass, so it is checked below, not here.
                Arguments.of("hmac", "several v1, none matching", HMAC,
                        HmacSignature.sign(NOW, body, "stale-key", "other-key"), "does not match"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusals")
    void badSignature_401NamingTheCheckNeverTheValueNothingQueued(String method, String name, String header,
                                                                  String value, String check) {
        RecordingPublisher publisher = new RecordingPublisher();
        Map<String, String> env = TestWebhooks.env();
        env.put("CS_SIGNATURE_METHOD", method);
        env.put("CS_HMAC_SECRETS", TestWebhooks.HMAC_KEY);
        IngestService service = IngestService.create(IngestConfig.fromEnv(env), JsonCodec.create(), publisher,
                TestWebhooks.CLOCK);
        String sent = value != null && value.startsWith("reformat:")
                ? BODY.replace("\"module\":\"asset\"", "\"module\": \"asset\"") : BODY;
        Map<String, String> headers = new HashMap<>(TestWebhooks.headers(sent));
        headers.remove(CERT);
        if (value != null) {
            headers.put(header, value.startsWith("reformat:") ? value.substring("reformat:".length()) : value);
        }
        if (value != null && value.startsWith("reformat:")) {
            // Signed over the reformatted bytes, sent with the original: whitespace changed after signing.
            sent = BODY;
        }

        IngestResult result = service.handle(new InboundRequest("POST", IngestService.PATH, headers,
                sent.getBytes(StandardCharsets.UTF_8)));

        assertThat(result).isInstanceOf(Rejected.class);
        assertThat(result.status()).isEqualTo(401);
        assertThat(((Rejected) result).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        String message = ((Rejected) result).message();
        assertThat(message).contains(check);
        if (value != null && value.length() > 8) {
            assertThat(message).doesNotContain(value).doesNotContain(value.substring(value.length() - 8));
        }
        assertThat(publisher.published).isEmpty();
    }

    @ParameterizedTest(name = "hmac rotation header, last of {0} v1 matches")
    @org.junit.jupiter.params.provider.ValueSource(ints = {2, 3})
    void hmac_severalV1OnlyTheLastMatches_queued(int count) {
        RecordingPublisher publisher = new RecordingPublisher();
        Map<String, String> env = TestWebhooks.env();
        env.put("CS_SIGNATURE_METHOD", "hmac");
        env.put("CS_HMAC_SECRETS", TestWebhooks.HMAC_KEY);
        String[] keys = new String[count];
        for (int i = 0; i < count - 1; i++) {
            keys[i] = "retired-" + i;
        }
        keys[count - 1] = TestWebhooks.HMAC_KEY;
        Map<String, String> headers = new HashMap<>(TestWebhooks.headers(BODY));
        headers.put(HMAC, HmacSignature.sign(NOW, TestWebhooks.utf8(BODY), keys));

        IngestResult result = IngestService.create(IngestConfig.fromEnv(env), JsonCodec.create(), publisher,
                TestWebhooks.CLOCK).handle(new InboundRequest("POST", IngestService.PATH, headers,
                TestWebhooks.utf8(BODY)));

        assertThat(result.status()).isEqualTo(202);
        assertThat(publisher.published).hasSize(1);
    }
}
