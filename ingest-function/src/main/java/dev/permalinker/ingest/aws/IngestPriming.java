package dev.permalinker.ingest.aws;

import dev.permalinker.aws.AwsClients;
import dev.permalinker.aws.PrimingServer;
import dev.permalinker.aws.SnapStartPriming;
import dev.permalinker.aws.SqsJobPublisher;
import dev.permalinker.ingest.IngestConfig;
import dev.permalinker.ingest.IngestHandler;
import dev.permalinker.ingest.IngestService;
import dev.permalinker.ingest.verify.CertificateSignatureVerifier;
import dev.permalinker.ingest.verify.HmacSignatureVerifier;
import dev.permalinker.ingest.verify.RequestVerifier;
import dev.permalinker.ingest.verify.SigningKeySource;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.WebhookPayloads;
import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.signing.HmacSignature;
import dev.permalinker.telemetry.EmfMetrics;
import dev.permalinker.telemetry.Metrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SnapStart priming of the ingest: before Lambda takes the snapshot ({@code beforeCheckpoint}), runs the request
 * path once, so a restored container does not pay the first request's class loading and first pass.
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html
 *
 * <p>What runs at snapshot time, and what it touches:
 * <ul>
 *   <li>a built-in asset-creation webhook, signed with a key made here for this purpose (a fresh RSA key for the
 *       certificate method, a random HMAC key for the HMAC method; never the configured secrets), goes through a
 *       Lambda payload 2.0 event, the handler, the verifier of the configured method, the parser and the checks,
 *       and the SQS publisher, whose {@code SendMessage} goes to an SQS-compatible endpoint on a loopback port
 *       inside this process (a separate client with placeholder credentials): nothing is queued anywhere; its
 *       metrics go to a writer that discards them;</li>
 *   <li>one read-only SQS call on the real client, {@code GetQueueAttributes} on the job queue, which warms the
 *       SDK's pipeline, signer, credentials and HTTP client.</li>
 * </ul>
 * It records no metric. Logging and failures: {@link SnapStartPriming}.
 *
 * <p>{@code afterRestore} has nothing to re-seed: the ingest draws no random numbers; the SDK re-reads expiring
 * credentials itself; the JDK drops the keep-alive connection of the priming call once idle past its timeout,
 * measured in wall-clock time, which a restore moves on.
 */
public final class IngestPriming extends SnapStartPriming<IngestPriming.Report> {
    private static final String SAMPLE_UID = "bltprimingsample0";

    private final IngestConfig config;
    private final SqsClient sqs;
    private final JsonCodec json;
    private final Clock clock;

    /** What one priming run did: the answer, the jobs the loopback SQS received, whether the real SQS answered. */
    public record Report(int status, int jobsSent, boolean sqsAnswered) {
    }

    public IngestPriming(IngestConfig config, SqsClient sqs, JsonCodec json, Clock clock) {
        this.config = config;
        this.sqs = sqs;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected Report incomplete() {
        return new Report(0, 0, false);
    }

    @Override
    protected Report run() throws IOException, GeneralSecurityException {
        List<String> sent = new ArrayList<>();
        try (PrimingServer loopbackSqs = PrimingServer.start(json, Map.of("/", PrimingServer.sqsSendMessage(sent)));
             SqsClient primingSqs = AwsClients.local(loopbackSqs.endpoint()).sqs(Duration.ofSeconds(5))) {
            String apiKey = config.apiKeys().iterator().next();
            byte[] body = WebhookPayloads.assetCreated(json, apiKey, SAMPLE_UID, "priming.png",
                    "https://images.contentstack.io/v3/assets/" + apiKey + "/" + SAMPLE_UID
                            + "/0123456789abcdef/priming.png", "image/png");
            Signed signed = sign(body);
            IngestService service = new IngestService(config.apiKeys(), List.of(signed.verifier()),
                    config.replayWindow(), config.maxBodyBytes(), json, new SqsJobPublisher(primingSqs,
                    loopbackSqs.endpoint() + "/000000000000/priming.fifo", json), clock, discardingMetrics());
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            new IngestHandler(service, json, Metrics.NONE, null).handleRequest(
                    new ByteArrayInputStream(event(body, signed.headers())), answer, null);
            int status = json.readTree(answer.toByteArray()).path("statusCode").asInt();
            return new Report(status, sent.size(), readQueue(sqs, config.queueUrl()));
        }
    }

    /** The EMF writer's code path, with a sink that drops what it writes: priming records no metric. */
    private Metrics discardingMetrics() {
        return new EmfMetrics("priming", "priming", (line, level) -> { }, clock);
    }

    private record Signed(RequestVerifier verifier, Map<String, String> headers) {
    }

    /** The body signed the way the configured method expects, with a key made for priming only. */
    private Signed sign(byte[] body) throws GeneralSecurityException {
        if (config.signatureMethod() == IngestConfig.SignatureMethod.HMAC) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String hexKey = HexFormat.of().formatHex(key);
            return new Signed(new HmacSignatureVerifier(List.of(hexKey), clock, config.replayWindow(),
                    IngestConfig.MAX_CLOCK_SKEW), Map.of(HmacSignature.HEADER,
                    HmacSignature.sign(clock.instant().getEpochSecond(), body, hexKey)));
        }
        if (config.signatureMethod() == IngestConfig.SignatureMethod.CERTIFICATE) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new Signed(new CertificateSignatureVerifier(SigningKeySource.fixed(pair.getPublic())),
                    Map.of(CertificateSignature.HEADER, CertificateSignature.sign(pair.getPrivate(), body)));
        }
        return new Signed(request -> RequestVerifier.Verdict.PASSED, Map.of());
    }

    /** A Lambda payload 2.0 event as API Gateway sends it, base64 body included. */
    private byte[] event(byte[] body, Map<String, String> signature) {
        Map<String, String> headers = new LinkedHashMap<>(signature);
        headers.put("content-type", "application/json");
        headers.put("user-agent", "Contentstack");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", "POST " + IngestService.PATH);
        event.put("rawPath", IngestService.PATH);
        event.put("headers", headers);
        event.put("requestContext", Map.of("http", Map.of("method", "POST", "path", IngestService.PATH)));
        event.put("isBase64Encoded", true);
        event.put("body", Base64.getEncoder().encodeToString(body));
        return json.write(event).getBytes(StandardCharsets.UTF_8);
    }
}
