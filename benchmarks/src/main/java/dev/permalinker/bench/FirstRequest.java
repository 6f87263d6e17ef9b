package dev.permalinker.bench;

import dev.permalinker.local.EmbeddedSqs;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.simulator.ContentstackSimulator;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The first request after init (and SnapStart priming) against the warm median, in one process: the proxy for "first
 * request after a restore". Each run is a fresh JVM with Lambda's C1-only flags, only the shaded jar and the probe
 * on its class path, and the function's environment as on Lambda (JSON logs and EMF on). One more run per variant
 * under {@code -Xlog:class+load} counts the classes each phase loads: where the rest of a cold start goes.
 */
final class FirstRequest {
    static final int WARM_REQUESTS = 30;

    record Result(String name, boolean primed, List<Double> initMs, List<Double> primeMs, List<Double> firstMs,
                  List<Double> warmMedianMs, Map<String, Integer> classesByPhase, Map<String, Integer> firstTopPackages,
                  String answer) {
        double median(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
        }
    }

    private interface Events {
        String event(int index) throws Exception;
    }

    private final String javaBinary = ProcessHandle.current().info().command().orElse("java");
    private final Path benchClasses;
    private final JsonCodec json = JsonCodec.create();

    FirstRequest(Path benchClasses) {
        this.benchClasses = benchClasses;
    }

    List<Result> run(Path ingestJar, Path workerJar, int runs) throws Exception {
        List<Result> results = new ArrayList<>();
        try (EmbeddedSqs sqs = EmbeddedSqs.start("127.0.0.1", 0, 5, 30);
             ContentstackSimulator cma = ContentstackSimulator.start(0, "probe-token", 1000)) {
            Map<String, String> ingestEnv = new HashMap<>();
            ingestEnv.put("CS_APIKEY", Webhooks.API_KEY);
            ingestEnv.put("QUEUE_URL", sqs.queueUrl());
            ingestEnv.put("SQS_ENDPOINT", sqs.endpoint().toString());
            ingestEnv.put("CS_SIGNING_KEY_URL", cma.signingKeyUrl().toString());
            Map<String, String> workerEnv = new HashMap<>();
            workerEnv.put("CS_MANAGEMENTTOKEN", "probe-token");
            workerEnv.put("CS_CMA_URL", cma.baseUrl().toString());
            workerEnv.put("DLQ_URL", sqs.dlqUrl());
            workerEnv.put("SQS_ENDPOINT", sqs.endpoint().toString());
            // The code path, not the rate limiter's pacing: a limit far above what 31 writes need.
            workerEnv.put("CS_RATE_LIMIT", "1000");
            for (boolean prime : new boolean[] {false, true}) {
                results.add(variant("ingest, certificate", ingestJar, "dev.permalinker.ingest.IngestHandler",
                        ingestEnv, prime, runs, i -> ColdStart.httpEvent(json, i, body -> Map.of(
                                CertificateSignature.HEADER, cma.signCertificate(body)))));
                results.add(variant("worker, one CMA write", workerJar, "dev.permalinker.worker.WorkerHandler",
                        workerEnv, prime, runs, i -> ColdStart.sqsEvent(json, cma, prime ? "bltfirstp" : "bltfirstn",
                                (int) (System.nanoTime() % 100_000_000))));
            }
        }
        return results;
    }

    private Result variant(String name, Path jar, String handler, Map<String, String> env, boolean prime, int runs,
                           Events events) throws Exception {
        List<Double> init = new ArrayList<>();
        List<Double> priming = new ArrayList<>();
        List<Double> first = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        String answer = "";
        for (int run = 0; run < runs; run++) {
            Probe probe = probe(jar, handler, env, prime, events, false);
            init.add(probe.initMs());
            priming.add(probe.primeMs());
            first.add(probe.requestsMs().get(0));
            List<Double> rest = new ArrayList<>(probe.requestsMs().subList(1, probe.requestsMs().size()));
            Collections.sort(rest);
            warm.add(rest.get(rest.size() / 2));
            answer = probe.firstAnswer();
        }
        Probe profiled = probe(jar, handler, env, prime, events, true);
        return new Result(name, prime, init, priming, first, warm, profiled.classesByPhase(),
                profiled.firstTopPackages(), answer);
    }

    private record Probe(double initMs, double primeMs, List<Double> requestsMs, String firstAnswer,
                         Map<String, Integer> classesByPhase, Map<String, Integer> firstTopPackages) {
    }

    private Probe probe(Path jar, String handler, Map<String, String> env, boolean prime, Events events,
                        boolean classLog) throws Exception {
        Path dir = Files.createTempDirectory("first-request");
        for (int i = 0; i <= WARM_REQUESTS; i++) {
            Files.writeString(dir.resolve(String.format("event-%03d.json", i)), events.event(i));
        }
        List<String> command = new ArrayList<>(List.of(javaBinary, "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1"));
        if (classLog) {
            command.add("-Xlog:class+load=info:stdout:tags");
        }
        command.addAll(List.of("-cp", jar + File.pathSeparator + benchClasses,
                "dev.permalinker.bench.probe.FirstRequestProbe", handler, dir.toString(),
                prime ? "prime" : "no-prime"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        builder.environment().put("AWS_REGION", "eu-west-1");
        builder.environment().put("AWS_ACCESS_KEY_ID", "local");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "probe");
        Process process = builder.start();
        String phase = "jvm+init";
        Map<String, Integer> classes = new LinkedHashMap<>();
        Map<String, Integer> firstPackages = new TreeMap<>();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("PHASE ")) {
                    phase = switch (line.substring(6)) {
                        case "init-done" -> "priming";
                        case "primed" -> "first request";
                        default -> "warm requests";
                    };
                } else if (line.startsWith("RESULT ")) {
                    result = line;
                } else if (line.contains("[class,load]")) {
                    classes.merge(phase, 1, Integer::sum);
                    if (phase.equals("first request")) {
                        firstPackages.merge(packageOf(line), 1, Integer::sum);
                    }
                }
            }
        }
        process.waitFor();
        if (result == null) {
            throw new IOException("the probe printed no result for " + handler);
        }
        return new Probe(number(result, "init="), number(result, "prime="), list(result),
                result.substring(result.indexOf("firstAnswer=") + 12), classes, top(firstPackages, 5));
    }

    /** The class's package, cut to three segments: {@code software.amazon.awssdk}, {@code java.net.http}. */
    private static String packageOf(String line) {
        String afterTag = line.substring(line.indexOf("[class,load]") + 12).trim();
        String className = afterTag.split(" ", 2)[0];
        String[] parts = className.split("\\.");
        return String.join(".", Arrays.copyOf(parts, Math.min(3, parts.length - 1)));
    }

    private static Map<String, Integer> top(Map<String, Integer> counts, int n) {
        Map<String, Integer> top = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    private static double number(String result, String key) {
        int start = result.indexOf(key) + key.length();
        return Double.parseDouble(result.substring(start, result.indexOf(' ', start)));
    }

    private static List<Double> list(String result) {
        String inner = result.substring(result.indexOf("requests=[") + 10, result.indexOf(']'));
        List<Double> values = new ArrayList<>();
        for (String value : inner.split(",")) {
            values.add(Double.parseDouble(value.trim()));
        }
        return values;
    }
}
