package dev.permalinker.bench;

import dev.permalinker.ingest.InboundRequest;
import dev.permalinker.ingest.IngestConfig;
import dev.permalinker.ingest.IngestResult;
import dev.permalinker.ingest.IngestService;
import dev.permalinker.model.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * no-op) against the floor any ingest pays for the same body: one HMAC-SHA256 and one JSON parse.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IngestCoreBenchmark {
    private IngestService service;
    private InboundRequest request;
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
        IngestConfig config = IngestConfig.fromEnv(Map.of(
                "CS_APIKEY", Webhooks.API_KEY,
                "CS_SECRET", Webhooks.SECRET,
                "CS_SIGNING_SECRETS", Webhooks.SIGNING_KEY,
                "QUEUE_URL", "http://127.0.0.1/q.fifo"));
        service = IngestService.create(config, json, job -> { }, Clock.systemUTC());
        try {
            keyedMac = Mac.getInstance("HmacSHA256");
            keyedMac.init(new SecretKeySpec(Webhooks.SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        if (!(service.handle(request) instanceof IngestResult.Queued)) {
            throw new IllegalStateException("the benchmark request is not accepted");
        }
    }

    @Benchmark
    public IngestResult ingestCore() {
        return service.handle(request);
    }

    @Benchmark
    public Object floorHmacPlusJsonParse() throws Exception {
        // The cheapest HMAC there is: a Mac already initialised with the key, reused (single-threaded benchmark).
        byte[] signature = keyedMac.doFinal(body);
        return new Object[] {signature, json.readTree(body)};
    }

}
