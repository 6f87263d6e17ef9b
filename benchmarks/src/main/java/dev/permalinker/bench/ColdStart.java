package dev.permalinker.bench;

import dev.permalinker.local.EmbeddedSqs;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedAsset;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Whole-process cold start: from {@code ProcessBuilder.start()} to the child's first answer ({@code READY} on its
 * standard output), for a bare JVM, the ingest jar's first 202 and the worker jar's first batch. Lambda's flags:
 * {@code -XX:TieredStopAtLevel=1}.
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

    ColdStart(Path benchClasses) {
        this.benchClasses = benchClasses;
    }

    List<Timing> run(Path ingestJar, Path workerJar, int runs) throws Exception {
        List<Timing> timings = new ArrayList<>();
        timings.add(measure("bare JVM (hello world)", runs, i -> command(benchClasses.toString(),
                "dev.permalinker.bench.probe.Hello"), Map.of()));
        try (EmbeddedSqs sqs = EmbeddedSqs.start("127.0.0.1", 0, 5, 30);
             ContentstackSimulator cma = ContentstackSimulator.start(0, "cold-token", 1000)) {
            Map<String, String> ingestEnv = Map.of(
                    "CS_APIKEY", Webhooks.API_KEY,
                    "CS_SECRET", Webhooks.SECRET,
                    "QUEUE_URL", sqs.queueUrl(),
                    "SQS_ENDPOINT", sqs.endpoint().toString(),
                    "AWS_REGION", "eu-west-1");
            timings.add(measure("ingest: first 202 (IngestHandler, SQS send)", runs, i -> {
                String uid = String.format("bltcold%011d", i);
                String body = new String(Webhooks.body(uid, "cold " + i + ".png",
                        "https://images.contentstack.io/v3/assets/" + Webhooks.API_KEY + "/" + uid + "/x/cold.png",
                        "image/png"), StandardCharsets.UTF_8);
                return command(ingestJar + File.pathSeparator + benchClasses,
                        "dev.permalinker.bench.probe.IngestFirstRequest", body, Webhooks.SECRET);
            }, ingestEnv));
            Map<String, String> workerEnv = Map.of(
                    "CS_MANAGEMENTTOKEN", "cold-token",
                    "CS_CMA_URL", cma.baseUrl().toString(),
                    "DLQ_URL", sqs.dlqUrl(),
                    "SQS_ENDPOINT", sqs.endpoint().toString(),
                    "AWS_REGION", "eu-west-1");
            JsonCodec json = JsonCodec.create();
            timings.add(measure("worker: first batch (WorkerHandler, one CMA write)", runs, i -> {
                SimulatedAsset asset = cma.createAsset(Webhooks.API_KEY, String.format("bltcoldw%010d", i),
                        "cold.png", "image/png");
                PermalinkJob job = new PermalinkJob(1, Webhooks.API_KEY, "main", asset.uid(), asset.filename(),
                        asset.url(), "2026-11-20T09:14:07Z", "2026-11-20T09:14:08Z");
                return command(workerJar + File.pathSeparator + benchClasses,
                        "dev.permalinker.bench.probe.WorkerFirstBatch", json.write(job), asset.uid());
            }, workerEnv));
        }
        return timings;
    }

    private interface CommandForRun {
        List<String> command(int run) throws Exception;
    }

    private List<String> command(String classpath, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(javaBinary, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private Timing measure(String name, int runs, CommandForRun commands, Map<String, String> env) throws Exception {
        List<Double> millis = new ArrayList<>();
        String answer = "";
        for (int i = 0; i < runs; i++) {
            ProcessBuilder builder = new ProcessBuilder(commands.command(i)).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(env);
            long started = System.nanoTime();
            Process process = builder.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null && !line.startsWith("READY")) {
                    // skip anything printed before the answer
                }
                millis.add((System.nanoTime() - started) / 1e6);
                answer = line == null ? "no answer" : line.substring("READY ".length());
            }
            if (process.waitFor() != 0) {
                throw new IOException(name + " run " + i + " exited " + process.exitValue());
            }
        }
        return new Timing(name, millis, answer);
    }
}
