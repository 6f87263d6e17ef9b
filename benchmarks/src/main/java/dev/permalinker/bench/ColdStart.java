package dev.permalinker.bench;

import dev.permalinker.local.EmbeddedSqs;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.runtime.LambdaProcess;
import dev.permalinker.runtime.RuntimeApiEmulator;
import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.signing.HmacSignature;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedAsset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole-process cold start the way Lambda starts a function: AWS's runtime interface client in a fresh JVM with
 * Lambda's {@code -XX:TieredStopAtLevel=1}, loading the shaded jar by its handler string and taking one event from a
 * Runtime API emulator; timed from {@code ProcessBuilder.start()} to the function's answer. Against a bare JVM that
 * prints hello world.
 */
final class ColdStart {
    record Timing(String name, List<Double> millis, String answer) {
        double median() {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted.get(sorted.size() / 2);
        }
    }

    private final String javaBinary = ProcessHandle.current().info().command().orElse("java");
    private final Path benchClasses;
    private final Path runtimeLib;
    private final JsonCodec json = JsonCodec.create();

    ColdStart(Path benchClasses, Path runtimeLib) {
        this.benchClasses = benchClasses;
        this.runtimeLib = runtimeLib;
    }

    List<Timing> run(Path ingestJar, Path workerJar, int runs) throws Exception {
        List<Timing> timings = new ArrayList<>();
        timings.add(bareJvm(runs));
        try (EmbeddedSqs sqs = EmbeddedSqs.start("127.0.0.1", 0, 5, 30);
             ContentstackSimulator cma = ContentstackSimulator.start(0, "cold-token", 1000)) {
            Map<String, String> ingestEnv = new HashMap<>();
            ingestEnv.put("CS_APIKEY", Webhooks.API_KEY);
            ingestEnv.put("QUEUE_URL", sqs.queueUrl());
            ingestEnv.put("SQS_ENDPOINT", sqs.endpoint().toString());
            ingestEnv.put("AWS_ACCESS_KEY_ID", "local");
            ingestEnv.put("AWS_SECRET_ACCESS_KEY", "local");
            Map<String, String> certificate = new HashMap<>(ingestEnv);
            certificate.put("CS_SIGNING_KEY_URL", cma.signingKeyUrl().toString());
            timings.add(function("ingest, certificate (key fetched at init): first 202", ingestJar,
                    "dev.permalinker.ingest.IngestHandler::handleRequest", certificate, runs,
                    i -> httpEvent(i, body -> Map.of(CertificateSignature.HEADER, cma.signCertificate(body)))));
            Map<String, String> hmac = new HashMap<>(ingestEnv);
            hmac.put("CS_SIGNATURE_METHOD", "hmac");
            hmac.put("CS_HMAC_SECRETS", Webhooks.HMAC_KEY);
            timings.add(function("ingest, HMAC: first 202", ingestJar,
                    "dev.permalinker.ingest.IngestHandler::handleRequest", hmac, runs,
                    i -> httpEvent(i, body -> Map.of(HmacSignature.HEADER, HmacSignature.sign(
                            Instant.now().getEpochSecond(), body, Webhooks.HMAC_KEY)))));
            Map<String, String> workerEnv = new HashMap<>();
            workerEnv.put("CS_MANAGEMENTTOKEN", "cold-token");
            workerEnv.put("CS_CMA_URL", cma.baseUrl().toString());
            workerEnv.put("DLQ_URL", sqs.dlqUrl());
            workerEnv.put("SQS_ENDPOINT", sqs.endpoint().toString());
            workerEnv.put("AWS_ACCESS_KEY_ID", "local");
            workerEnv.put("AWS_SECRET_ACCESS_KEY", "local");
            timings.add(function("worker: first batch (one CMA write)", workerJar,
                    "dev.permalinker.worker.WorkerHandler::handleRequest", workerEnv, runs,
                    i -> sqsEvent(json, cma, "bltcoldw", i)));
        }
        return timings;
    }

    private interface EventForRun {
        String event(int run) throws Exception;
    }

    interface Signer {
        Map<String, String> headers(byte[] body);
    }

    /** An SQS event with one job for a new simulated asset. */
    static String sqsEvent(JsonCodec json, ContentstackSimulator cma, String uidPrefix, int i) {
        SimulatedAsset asset = cma.createAsset(Webhooks.API_KEY, String.format("%s%010d", uidPrefix, i),
                "cold.png", "image/png");
        String now = Instant.now().toString();
        PermalinkJob job = new PermalinkJob(1, Webhooks.API_KEY, "main", asset.uid(), asset.filename(), asset.url(),
                asset.contentType(), now, now);
        return "{\"Records\":[{\"messageId\":\"m" + i + "\",\"body\":" + json.write(json.write(job))
                + ",\"attributes\":{\"MessageGroupId\":\"" + asset.uid()
                + "\",\"ApproximateReceiveCount\":\"1\"},\"eventSource\":\"aws:sqs\"}]}";
    }

    private String httpEvent(int run, Signer signer) {
        return httpEvent(json, run, signer);
    }

    /** A payload 2.0 event with a signed asset-creation webhook for a new asset uid. */
    static String httpEvent(JsonCodec json, int run, Signer signer) {
        String uid = String.format("bltcold%011d", run + (int) (System.nanoTime() % 1_000_000_000));
        byte[] body = Webhooks.body(uid, "cold " + run + ".png",
                "https://images.contentstack.io/v3/assets/" + Webhooks.API_KEY + "/" + uid + "/x/cold.png",
                "image/png");
        Map<String, String> headers = new HashMap<>(signer.headers(body));
        headers.put("content-type", "application/json");
        StringBuilder headerJson = new StringBuilder();
        headers.forEach((name, value) -> headerJson.append(headerJson.length() == 0 ? "" : ",")
                .append(json.write(name)).append(':').append(json.write(value)));
        return "{\"version\":\"2.0\",\"rawPath\":\"/webhooks/contentstack\",\"headers\":{" + headerJson
                + "},\"requestContext\":{\"http\":{\"method\":\"POST\",\"path\":\"/webhooks/contentstack\"}},"
                + "\"isBase64Encoded\":true,\"body\":\"" + Base64.getEncoder().encodeToString(body) + "\"}";
    }

    private Timing function(String name, Path jar, String handler, Map<String, String> env, int runs,
                            EventForRun events) throws Exception {
        List<Double> millis = new ArrayList<>();
        String answer = "";
        Map<String, String> withFlags = new HashMap<>(env);
        withFlags.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        for (int i = 0; i < runs; i++) {
            String event = events.event(i);
            Path workDir = Files.createTempDirectory("cold-start");
            try (RuntimeApiEmulator api = new RuntimeApiEmulator()) {
                long started = System.nanoTime();
                try (LambdaProcess process = LambdaProcess.start(handler, List.of(jar), withFlags, api, workDir,
                        runtimeLib)) {
                    RuntimeApiEmulator.Answer result = api.invoke(event, Duration.ofSeconds(60));
                    millis.add((System.nanoTime() - started) / 1e6);
                    answer = result.error() ? "error " + result.errorType() : summary(result.body());
                }
            }
        }
        return new Timing(name, millis, answer);
    }

    private String summary(String body) throws IOException {
        var node = json.readTree(body.getBytes(StandardCharsets.UTF_8));
        return node.has("statusCode") ? Integer.toString(node.get("statusCode").asInt())
                : node.path("batchItemFailures").size() + " failures";
    }

    private Timing bareJvm(int runs) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            ProcessBuilder builder = new ProcessBuilder(javaBinary, "-XX:+TieredCompilation",
                    "-XX:TieredStopAtLevel=1", "-cp", benchClasses.toString(), "dev.permalinker.bench.probe.Hello")
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            long started = System.nanoTime();
            Process process = builder.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                out.readLine();
                millis.add((System.nanoTime() - started) / 1e6);
            }
            process.waitFor();
        }
        return new Timing("bare JVM (hello world)", millis, "hello world");
    }
}
