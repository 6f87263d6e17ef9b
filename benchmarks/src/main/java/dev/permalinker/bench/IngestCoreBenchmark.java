package dev.permalinker.bench;

import dev.permalinker.ingest.InboundRequest;
import dev.permalinker.ingest.IngestConfig;
import dev.permalinker.ingest.IngestResult;
import dev.permalinker.ingest.IngestService;
import dev.permalinker.ingest.verify.CertificateSignatureVerifier;
import dev.permalinker.ingest.verify.HmacSignatureVerifier;
import dev.permalinker.ingest.verify.RequestVerifier;
import dev.permalinker.ingest.verify.SigningKeySource;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.signing.HmacSignature;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The ingest's own cost per event (verify every configured method, parse, validate, build the job; the queue is a
 * no-op), with Contentstack's certificate signature and with HMAC, against the floor any ingest pays for the same
 * body: one HMAC-SHA256 and one JSON parse; and the two signature checks alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IngestCoreBenchmark {
    private IngestService service;
    private IngestService hmacService;
    private InboundRequest request;
    private InboundRequest hmacRequest;
    private RequestVerifier certificate;
    private RequestVerifier hmac;
    private byte[] body;
    private JsonCodec json;
    private Mac keyedMac;

    @Setup
    public void setUp() {
        json = JsonCodec.create();
        body = Webhooks.body("blt0a1b2c3d4e5f6789", "Summer Sale 2026 (hero).jpeg",
                "https://eu-images.contentstack.com/v3/assets/" + Webhooks.API_KEY + "/blt0a1b2c3d4e5f6789/x/hero.jpeg",
                "image/jpeg");
        request = new InboundRequest("POST", IngestService.PATH, Webhooks.headers(body), body);
        Map<String, String> env = new HashMap<>(Webhooks.ingestEnv());
        env.put("QUEUE_URL", "http://127.0.0.1/q.fifo");
        service = IngestService.create(IngestConfig.fromEnv(env), json, job -> { }, Clock.systemUTC());
        env.put("CS_SIGNATURE_METHOD", "hmac");
        env.put("CS_HMAC_SECRETS", Webhooks.HMAC_KEY);
        hmacService = IngestService.create(IngestConfig.fromEnv(env), json, job -> { }, Clock.systemUTC());
        Map<String, String> hmacHeaders = new HashMap<>(Webhooks.headers(body));
        hmacHeaders.put(HmacSignature.HEADER, HmacSignature.sign(Instant.now().getEpochSecond(), body,
                Webhooks.HMAC_KEY));
        hmacRequest = new InboundRequest("POST", IngestService.PATH, hmacHeaders, body);
        certificate = new CertificateSignatureVerifier(SigningKeySource.fixed(Webhooks.CONTENTSTACK.current()
                .getPublic()));
        hmac = new HmacSignatureVerifier(List.of(Webhooks.HMAC_KEY), Clock.systemUTC(), Duration.ofHours(1),
                Duration.ofMinutes(5));
        try {
            keyedMac = Mac.getInstance("HmacSHA256");
            keyedMac.init(new SecretKeySpec(Webhooks.HMAC_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        if (!(service.handle(request) instanceof IngestResult.Queued)
                || !(hmacService.handle(hmacRequest) instanceof IngestResult.Queued)) {
            throw new IllegalStateException("the benchmark request is not accepted");
        }
    }

    @Benchmark
    public IngestResult ingestCore() {
        return service.handle(request);
    }

    @Benchmark
    public IngestResult ingestCoreHmac() {
        return hmacService.handle(hmacRequest);
    }

    @Benchmark
    public boolean certificateCheckOnly() {
        return certificate.verify(request).passed();
    }

    @Benchmark
    public boolean hmacCheckOnly() {
        return hmac.verify(hmacRequest).passed();
    }

    @Benchmark
    public Object floorHmacPlusJsonParse() throws Exception {
        // The cheapest HMAC there is: a Mac already initialised with the key, reused (single-threaded benchmark).
        byte[] signature = keyedMac.doFinal(body);
        return new Object[] {signature, json.readTree(body)};
    }

}
