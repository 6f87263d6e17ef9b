package dev.permalinker.bench;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;

/** Renders RESULTS.md: figures, the targets they are held against, and what a miss means. */
final class Report {
    private Report() {
    }

    static String render(StormDrain.Result clean, StormDrain.Result faulty, Collection<RunResult> jmh,
                         List<ColdStart.Timing> cold, WrkThroughput.Result wrk, long ingestJarBytes,
                         long workerJarBytes, Instant at) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n")
                .append("Measured ").append(at).append(" on this project's CI machine kind (2 cores, 24 GiB, ")
                .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
                .append("), all in one run of `bash benchmarks/run.sh`. Figures, not assertions: the tests never ")
                .append("check wall-clock times.\n\n");

        md.append("## 1. Storm drain\n\n")
                .append("Every asset creation is delivered twice over HTTP to the local runner's ingest; the worker ")
                .append("drains ElasticMQ into the simulator, whose limit is L writes/s. Chart: `storm-drain.png` ")
                .append("(queue depth and write rate over time).\n\n")
                .append("| run | assets | deliveries (202) | drain time | N/L | write rate / L | CMA calls per asset ")
                .append("| PUTs per asset | lost | written twice | 429s | injected errors | dead letters |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (StormDrain.Result r : List.of(clean, faulty)) {
            md.append(String.format("| %s | %d | %d (%d) | %.1f s | %.0f s | %.1f / %.0f = **%.2f** | %.3f | %.3f "
                            + "| %d | %d | %d | %d | %d |%n",
                    r.name(), r.assets(), r.deliveries(), r.accepted(), r.drainSeconds(), r.assets() / r.limit(),
                    r.writeRate(), r.limit(), r.writeRate() / r.limit(), r.callsPerAsset(), r.putsPerAsset(), r.lost(),
                    r.writtenTwice(), r.throttled(), r.injectedErrors(), r.deadLettered()));
        }
        md.append("\nTargets: write rate ≥ 0.95 L; 1.00 call per asset (clean run). With faults, every injected 5xx ")
                .append("and 429 is one more call by construction: the figure to hold there is lost = 0 and written ")
                .append("twice = 0. Drain time includes sending the burst and the last sample interval (0.5 s).\n\n");

        double floor = BenchmarkSuite.score(jmh, "floorHmacPlusJsonParse");
        md.append("## 2. Ingest core cost (JMH)\n\n")
                .append("Per event, in one JVM: `IngestService.handle` (signature and header-secret verification, ")
                .append("JSON parse with depth and duplicate-key checks, schema, replay window, stack and event ")
                .append("filter, building the job and its SHA-256 deduplication id; the queue is a no-op and logging ")
                .append("is at WARN), with Contentstack's certificate signature (RSA-PSS 2048, its default) and with ")
                .append("HMAC; the two signature checks alone; against the floor measured in the same run: one ")
                .append("HMAC-SHA256 and one JSON parse of the same body. 1 fork, 3×2 s warm-up, 5×2 s measurement.")
                .append("\n\n| benchmark | µs per event | ± (99.9%) | × floor |\n|---|---|---|---|\n");
        for (String[] row : new String[][] {{"ingest core, certificate signature", "ingestCore"},
                {"ingest core, HMAC signature", "ingestCoreHmac"},
                {"certificate check alone (RSA-PSS verify)", "certificateCheckOnly"},
                {"HMAC check alone (t + body)", "hmacCheckOnly"},
                {"floor (HMAC + parse)", "floorHmacPlusJsonParse"}}) {
            double score = BenchmarkSuite.score(jmh, row[1]);
            md.append(String.format("| %s | %.2f | %.2f | %.2f |%n", row[0], score,
                    BenchmarkSuite.error(jmh, row[1]), score / floor));
        }
        md.append("\n");

        md.append("## 3. Cold start\n\n")
                .append("Whole process the way Lambda starts it: AWS's runtime interface client (2.10.1) in a fresh ")
                .append("JVM with Lambda's `-XX:TieredStopAtLevel=1`, loading the shaded jar by its handler string ")
                .append("and taking one event from a Runtime API emulator on loopback; timed from ")
                .append("`ProcessBuilder.start()` ")
                .append("to the function's answer. The ingest sends to ElasticMQ (and, with the certificate method, ")
                .append("fetches the signing key from the simulated app host at init); the worker writes to the ")
                .append("simulator.\n\n")
                .append("| process | median | runs (ms) | answer | × bare JVM |\n|---|---|---|---|---|\n");
        double bare = cold.get(0).median();
        for (ColdStart.Timing t : cold) {
            md.append(String.format("| %s | %.0f ms | %s | %s | %.1f |%n", t.name(), t.median(),
                    t.millis().stream().map(m -> String.format("%.0f", m)).toList(), t.answer(), t.median() / bare));
        }
        md.append(String.format("%nJar sizes: ingest %.2f MB (target ≤ 8), worker %.2f MB (target ≤ 10).%n%n",
                ingestJarBytes / 1e6, workerJarBytes / 1e6));

        md.append("## 4. HTTP ingest throughput (wrk)\n\n")
                .append("The local runner's ingest (JDK HTTP server, the same `IngestService`, ElasticMQ in the same ")
                .append("process) under `wrk` from a second process on loopback, 10 s; one signed body repeated, so ")
                .append("every request runs the full path and SQS deduplicates the job.\n\n")
                .append(wrk.summary()).append("\n\n");
        md.append(Notes.TEXT);
        return md.toString();
    }

    /** Section 5: the worker next to another client of the organisation (issue: a good neighbour). */
    static String sharedBudget(List<SharedBudget.Result> runs, StormDrain.Result clean) {
        StringBuilder md = new StringBuilder("\n## 5. Sharing the organisation's CMA budget\n\n")
                .append("The local pipeline (default `CS_RATE_SHARE` 0.8, so a ceiling of 0.8 L) drains a queue of ")
                .append("jobs into the simulator (L = 20 writes/s) while another client of the organisation spends ")
                .append("40 % of the write budget at a steady rate, from the same bucket. What is left for the worker ")
                .append("is 0.6 L. Targets: worker rate / left 0.85-1.10, worker 429s ≤ 5 %, other client's 429s ")
                .append("≤ 10 %; after the other client stops, the worker takes the freed budget within 10 s. ")
                .append("Chart: `shared-budget.png` (both clients' writes per second over time).\n\n")
                .append("| run | worker writes/s while shared | left for it | ratio | worker 429s | other's 429s ")
                .append("| freed budget taken after | worker writes/s after |\n|---|---|---|---|---|---|---|---|\n");
        for (SharedBudget.Result r : runs) {
            md.append(String.format("| %s | %.1f | %.1f | **%.2f** | %.1f %% | %.1f %% | %s | %s |%n", r.name(),
                    r.workerRateWhileShared(), r.leftForWorker(), r.workerRateWhileShared() / r.leftForWorker(),
                    100 * r.worker429Share(), 100 * r.other429Share(),
                    Double.isNaN(r.secondsToTakeFreedBudget()) ? "-" : String.format("%.1f s",
                            r.secondsToTakeFreedBudget()),
                    Double.isNaN(r.workerRateAfter()) ? "-" : String.format("%.1f", r.workerRateAfter())));
        }
        md.append("\nPer second (worker / other client):\n\n");
        for (SharedBudget.Result r : runs) {
            md.append("- ").append(r.name()).append(": ");
            md.append(String.join(" ", r.seconds().stream().map(s -> s.worker() + "/" + s.other()).toList()));
            md.append("\n");
        }
        if (clean == null) {
            return md.toString();
        }
        md.append(String.format("%n(c) The clean storm of section 1 ran at %.2f of its limit; with the default share "
                + "its ceiling is 0.8 L, so %.2f of the share it is allowed (target ≥ 0.95). (d) is section 1's fault "
                + "run.%n", clean.writeRate() / clean.limit(), clean.writeRate() / (0.8 * clean.limit())));
        return md.toString();
    }

    /** Section 6: SnapStart priming, and what telemetry costs a cold start (issue 15). */
    static String snapStart(List<FirstRequest.Result> first, List<EmfCost.Result> emf, List<ColdStart.Timing> before,
                            List<ColdStart.Timing> after) {
        StringBuilder md = new StringBuilder("\n## 6. SnapStart priming and telemetry\n\n")
                .append("**First request after init (+ priming) vs the warm median, in one process** (the proxy for ")
                .append("the first request after a SnapStart restore). Fresh JVM per run with Lambda's C1-only flags, ")
                .append("only the shaded jar and a probe on the class path, the function's environment as on Lambda ")
                .append("(JSON logs and EMF on); the probe builds the handler with its no-arg constructor, runs ")
                .append("`priming().prime()` and `afterRestore` when primed, then answers 1 + ")
                .append(FirstRequest.WARM_REQUESTS).append(" events. Target: first ≤ 3 × warm median.\n\n")
                .append("| function | primed | init | priming | first request | warm median | first / warm | ")
                .append("classes loaded: JVM + init / priming / first / warm |\n|---|---|---|---|---|---|---|---|\n");
        for (FirstRequest.Result r : first) {
            double firstMs = r.median(r.firstMs());
            double warm = r.median(r.warmMedianMs());
            md.append(String.format("| %s | %s | %.0f ms | %s | %.1f ms | %.1f ms | **%.1f** | %d / %d / %d / %d |%n",
                    r.name(), r.primed() ? "yes" : "no", r.median(r.initMs()),
                    r.primed() ? String.format("%.0f ms", r.median(r.primeMs())) : "-", firstMs, warm,
                    firstMs / warm, r.classesByPhase().getOrDefault("jvm+init", 0),
                    r.classesByPhase().getOrDefault("priming", 0), r.classesByPhase().getOrDefault("first request", 0),
                    r.classesByPhase().getOrDefault("warm requests", 0)));
        }
        md.append("\nWhere the first request's classes come from (top packages, count):\n\n");
        for (FirstRequest.Result r : first) {
            md.append("- ").append(r.name()).append(r.primed() ? ", primed: " : ", not primed: ")
                    .append(r.firstTopPackages()).append("\n");
        }
        md.append("\n**The first EMF document** (three metrics), AWS's `aws-embedded-metrics` 4.2.0 against the ")
                .append("project's writer, fresh JVM with C1-only flags, median of runs; classes counted after the ")
                .append("clock stops (the count includes the JMX classes of the count itself, equal in each row).\n\n")
                .append("| writer | first document | classes loaded |\n|---|---|---|\n");
        for (EmfCost.Result r : emf) {
            md.append(String.format("| %s | %.1f ms | %.0f |%n", r.variant(), r.medianMs(), r.medianClasses()));
        }
        if (before != null) {
            md.append("\n**Whole process to first answer through the runtime interface client, before and after ")
                    .append("this telemetry** (JSON log lines through Lambda's logger, EMF per invocation; before: ")
                    .append("slf4j-simple text), same run, alternating jars, median of runs:\n\n")
                    .append("| process | before | after | after / bare JVM |\n|---|---|---|---|\n");
            double bare = after.get(0).median();
            for (int i = 0; i < after.size(); i++) {
                md.append(String.format("| %s | %.0f ms | %.0f ms | %.1f |%n", after.get(i).name(),
                        before.get(i).median(), after.get(i).median(), after.get(i).median() / bare));
            }
        }
        return md.toString();
    }
}
