package dev.permalinker.bench;

import dev.permalinker.ingest.IngestService;
import dev.permalinker.local.LocalPipeline;
import dev.permalinker.local.LocalConfig;
import dev.permalinker.simulator.ContentstackSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP throughput of the local runner's ingest, measured by wrk from a second process on loopback. */
final class WrkThroughput {
    record Result(String summary, double requestsPerSecond, String p99, String raw) {
    }

    private WrkThroughput() {
    }

    static Result run(int seconds, int connections) throws Exception {
        if (!installed()) {
            return new Result("wrk is not installed (apt-get install wrk); skipped", 0, "-", "");
        }
        try (ContentstackSimulator cma = ContentstackSimulator.start(0, "wrk-token", 1000)) {
            Map<String, String> env = new LinkedHashMap<>();
            env.putAll(Webhooks.ingestEnv());
            env.put("CS_MANAGEMENTTOKEN", "wrk-token");
            env.put("CS_CMA_URL", cma.baseUrl().toString());
            LocalPipeline pipeline = LocalPipeline.start(new LocalConfig("127.0.0.1", 0, 0, 5, 2, 30), env);
            try {
                byte[] body = Webhooks.body("bltwrk0000000001", "wrk.png",
                        "https://images.contentstack.io/v3/assets/" + Webhooks.API_KEY + "/bltwrk0000000001/x/wrk.png",
                        "image/png");
                StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\nwrk.body = [[")
                        .append(new String(body, StandardCharsets.UTF_8)).append("]]\n");
                Webhooks.headers(body).forEach((k, v) -> lua.append("wrk.headers[\"").append(k).append("\"] = \"")
                        .append(v).append("\"\n"));
                Path script = Files.createTempFile("permalinker-wrk", ".lua");
                Files.writeString(script, lua);
                Process wrk = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency",
                        "-s", script.toString(), pipeline.ingestUrl() + IngestService.PATH).redirectErrorStream(true)
                                .start();
                String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                wrk.waitFor();
                Files.deleteIfExists(script);
                double rps = number(output, "Requests/sec:\\s+([\\d.]+)");
                Matcher p99 = Pattern.compile("99%\\s+([\\d.]+\\w+)").matcher(output);
                String errors = output.contains("Non-2xx") ? " (" + output.lines().filter(l -> l.contains("Non-2xx"))
                        .findFirst().orElse("").trim() + ")" : "";
                return new Result(String.format("%.0f requests/s, p99 %s, %d connections, 2 wrk threads%s", rps,
                        p99.find() ? p99.group(1) : "?", connections, errors), rps, p99.find(0) ? p99.group(1) : "?",
                        output);
            } finally {
                pipeline.shutdown(Duration.ofSeconds(10));
            }
        }
    }

    private static boolean installed() {
        try {
            return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() >= 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static double number(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
