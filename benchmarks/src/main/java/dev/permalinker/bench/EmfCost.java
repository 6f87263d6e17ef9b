package dev.permalinker.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What writing metrics costs a cold start: the first EMF document with AWS's maintained library against the
 * project's own writer, each in fresh JVMs with Lambda's C1-only flags ({@code probe.EmfCostProbe}).
 */
final class EmfCost {
    record Result(String variant, double medianMs, double medianClasses) {
    }

    private EmfCost() {
    }

    static List<Result> run(int runs) throws Exception {
        String javaBinary = ProcessHandle.current().info().command().orElse("java");
        List<Result> results = new ArrayList<>();
        for (String variant : List.of("none", "own", "library")) {
            List<Double> millis = new ArrayList<>();
            List<Double> classes = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                ProcessBuilder builder = new ProcessBuilder(javaBinary, "-XX:+TieredCompilation",
                        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                        "dev.permalinker.bench.probe.EmfCostProbe", variant)
                        .redirectError(ProcessBuilder.Redirect.DISCARD);
                builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "probe");
                Process process = builder.start();
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.startsWith("RESULT ")) {
                            String[] parts = line.split(" ");
                            millis.add(Double.parseDouble(parts[1].substring(3)));
                            classes.add(Double.parseDouble(parts[2].substring(8)));
                        }
                    }
                }
                process.waitFor();
            }
            results.add(new Result(variant, median(millis), median(classes)));
        }
        return results;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }
}
