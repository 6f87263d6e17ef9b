package dev.permalinker.ingest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.permalinker.ingest.InboundRequest;
import dev.permalinker.ingest.IngestConfig;
import dev.permalinker.ingest.IngestResult;
import dev.permalinker.ingest.IngestService;
import dev.permalinker.ingest.verify.BasicAuthVerifier;
import dev.permalinker.ingest.verify.BearerTokenVerifier;
import dev.permalinker.ingest.verify.CertificateSignatureVerifier;
import dev.permalinker.ingest.verify.HmacSignatureVerifier;
import dev.permalinker.ingest.verify.RequestVerifier;
import dev.permalinker.ingest.verify.SharedSecretVerifier;
import dev.permalinker.ingest.verify.SigningKeySource;
import dev.permalinker.model.JobPublisher;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.signing.HmacSignature;
import dev.permalinker.simulator.SigningKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzz targets for what an attacker controls: signature headers and raw bodies through each verifier, and whole
 * requests through the service (JSON parsing, schema, filters). No input may crash, hang or escape as an exception
 * (which would be a 5xx); a forged request must never pass. Run by {@link WebhookFuzzShort} (in {@code mvn verify})
 * and {@link WebhookFuzzLong} ({@code -Pfuzz}); seeds: {@code src/test/resources/.../fuzz/WebhookFuzz*Inputs/}.
 */
final class WebhookFuzzTargets {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T09:16:07Z"), ZoneOffset.UTC);
    private static final SigningKeys CONTENTSTACK = new SigningKeys();
    private static final String HMAC_KEY = "org-hmac-key";
    private static final RequestVerifier CERTIFICATE =
            new CertificateSignatureVerifier(SigningKeySource.fixed(CONTENTSTACK.current().getPublic()));
    private static final RequestVerifier HMAC = new HmacSignatureVerifier(List.of(HMAC_KEY), CLOCK,
            Duration.ofMinutes(30), Duration.ofMinutes(5));
    private static final List<RequestVerifier> HEADER_VERIFIERS = List.of(new SharedSecretVerifier("secret", "s3cr3t"),
            new BasicAuthVerifier("contentstack:pa55"), new BearerTokenVerifier("tok"));
    private static final JobPublisher DISCARD = job -> { };
    private static final IngestService SERVICE = service();

    private static IngestService service() {
        Map<String, String> env = new HashMap<>();
        env.put("CS_APIKEY", "blt5d4f1e2a3b6c7d80");
        env.put("CS_SIGNATURE_METHOD", "none");
        env.put("CS_SECRET", "s3cr3t");
        env.put("CS_REPLAY_WINDOW", "P36500D");
        env.put("QUEUE_URL", "http://127.0.0.1:9324/000000000000/jobs.fifo");
        return IngestService.create(IngestConfig.fromEnv(env), JsonCodec.create(), DISCARD, CLOCK);
    }

    private static InboundRequest request(String header, String value, byte[] body) {
        return new InboundRequest("POST", IngestService.PATH, Map.of(header, value), body);
    }

    static void certificateVerifier(FuzzedDataProvider data) {
        boolean signBody = data.consumeBoolean();
        String header = data.consumeString(600);
        byte[] body = data.consumeRemainingAsBytes();
        if (signBody) {
            // A real signature of other bytes, or of these bytes with a forged header around it.
            header = header + "," + CertificateSignature.sign(CONTENTSTACK.current().getPrivate(), body);
            assertThat(CERTIFICATE.verify(request(CertificateSignature.HEADER, header, body))).isNotNull();
            return;
        }
        assertThat(CERTIFICATE.verify(request(CertificateSignature.HEADER, header, body)).passed())
                .as("a header nobody signed never verifies").isFalse();
    }

    static void hmacVerifier(FuzzedDataProvider data) {
        String header = data.consumeString(400);
        byte[] body = data.consumeRemainingAsBytes();
        RequestVerifier.Verdict verdict = HMAC.verify(request(HmacSignature.HEADER, header, body));
        if (verdict.passed()) {
            // Only possible with a v1 computed with the key: the fuzzer cannot know it.
            throw new AssertionError("an HMAC header not made with the key passed: " + header);
        }
        assertThat(verdict.reason()).doesNotContain(HMAC_KEY);
    }

    static void headerVerifiers(FuzzedDataProvider data) {
        String name = data.pickValue(new String[] {"secret", "Authorization", "authorization", "x-other"});
        String value = data.consumeRemainingAsString();
        for (RequestVerifier verifier : HEADER_VERIFIERS) {
            RequestVerifier.Verdict verdict = verifier.verify(request(name, value, new byte[0]));
            assertThat(verdict.reason()).doesNotContain("s3cr3t").doesNotContain("pa55");
        }
    }

    static void servicePath(FuzzedDataProvider data) {
        String contentType = data.pickValue(new String[] {"application/json", "application/json; charset=utf-8",
                "text/plain"});
        byte[] body = data.consumeRemainingAsBytes();
        IngestResult result = SERVICE.handle(new InboundRequest("POST", IngestService.PATH,
                Map.of("content-type", contentType, "secret", "s3cr3t"), body));
        // Whatever the body, the answer is one of the contract's, and never a 5xx: the queue here always confirms.
        assertThat(result.status()).isIn(200, 202, 400, 401, 403, 413, 415);
    }
}
