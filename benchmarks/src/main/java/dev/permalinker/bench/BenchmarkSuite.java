package dev.permalinker.bench;

import dev.permalinker.simulator.Faults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark side by side and writes {@code benchmarks/RESULTS.md} and {@code benchmarks/storm-drain.png}.
 * Arguments: the project root, then {@code --full} (5,000 assets) or {@code --quick} (500, for a smoke run).
 */
public final class BenchmarkSuite {
    private static final double LIMIT = 50;

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "..").toAbsolutePath().normalize();
        boolean quick = args.length > 1 && args[1].equals("--quick");
        int assets = quick ? 500 : 5_000;
        Locale.setDefault(Locale.ROOT);
        if (args.length > 1 && args[1].equals("--cold-only")) {
            // Cold start alone, through the runtime client: for comparing a change to what init loads.
            for (ColdStart.Timing t : new ColdStart(root.resolve("benchmarks/target/classes"),
                    root.resolve("runtime-tests/target/lambda-runtime")).run(lambdaJar(root, "ingest-function"),
                    lambdaJar(root, "worker-function"), 7)) {
                System.out.printf("%-55s median %4.0f ms %s%n", t.name(), t.median(), t.millis());
            }
            return;
        }
        if (args.length > 1 && args[1].startsWith("--cold-ab")) {
            // Every function's cold start, A/B: "--cold-ab <root built before> …" (one argument, as -Dbench.args
            // passes it), this root last; runs alternate between the roots. "--cold-ab-calls …": only what one
            // Secrets Manager lookup and one PutEvents add.
            String[] words = args[1].trim().split("\\s+");
            List<Path> roots = new ArrayList<>();
            for (int i = 1; i < words.length; i++) {
                roots.add(Path.of(words[i]));
            }
            roots.add(root);
            ColdStartAb coldStart = new ColdStartAb(root.resolve("runtime-tests/target/lambda-runtime"),
                    root.resolve("benchmarks/target/classes"));
            System.out.println(words[0].equals("--cold-ab-calls") ? coldStart.runCalls(roots, 25)
                    : coldStart.run(roots, 7));
            return;
        }
        if (args.length > 1 && args[1].equals("--cold-ledger")) {
            // Issue 27: the worker's and the reconciler's cold start with the asset ledger's client, against without.
            System.out.println(new ColdStartAb(root.resolve("runtime-tests/target/lambda-runtime"),
                    root.resolve("benchmarks/target/classes")).runLedger(root, 7));
            return;
        }
        if (args.length > 1 && args[1].startsWith("--snapstart-only")) {
            // Priming and telemetry cost. "--snapstart-only <dir>": also cold start A/B against a project root built
            // before a change (one argument, as -Dbench.args passes it).
            String[] words = args[1].trim().split("\\s+");
            System.out.println(snapStart(root, words.length > 1 ? Path.of(words[1]) : null, 5));
            return;
        }
        if (args.length > 1 && args[1].startsWith("--reconcile-only")) {
            // Issue 19's reconciler figures alone, written into RESULTS.md as its own section ("quick": smaller).
            String section = reconcile(args[1].contains("quick") ? 1_000 : 5_000);
            ReconcileResults.write(root.resolve("benchmarks/RESULTS.md"), section);
            System.out.println(section);
            return;
        }
        if (args.length > 1 && args[1].startsWith("--ledger-only")) {
            // Issue 27's figures: steady-state reads of the incremental reconciler, and §8's upload with the ledger.
            List<LedgerBench.Steady> steady = LedgerBench.steady();
            steady.forEach(s -> log("  " + s));
            List<ReconcileBench.Upload> uploads = new ArrayList<>();
            if (!args[1].contains("reads")) {
                uploads.add(ReconcileBench.upload("reconciler on, grace 15 min", 5_000, Duration.ofMinutes(15),
                        Duration.ofMinutes(5), true, 1 / 30.0));
                log("  " + uploads.get(0));
            }
            String section = LedgerBench.render(steady, uploads);
            LedgerBench.write(root.resolve("benchmarks/RESULTS.md"), section);
            System.out.println(section);
            return;
        }
        if (args.length > 1 && args[1].equals("--release-only")) {
            // Release actions alone: a 1,000-item release at 200 webhooks per minute, time-scaled by 20.
            System.out.println(ReleaseStorm.report(ReleaseStorm.run(1_000, 20)));
            return;
        }
        if (args.length > 1 && args[1].equals("--shared-only")) {
            // A quick look at the limiter next to another client, without the rest of the suite.
            List<SharedBudget.Result> runs = List.of(
                    SharedBudget.run("(a) other client at 40 % throughout", 20, 600, false),
                    SharedBudget.run("(b) other client stops half-way", 20, 600, true));
            SharedBudgetChart.write(root.resolve("benchmarks/shared-budget.png"), runs);
            System.out.println(Report.sharedBudget(runs, null));
            return;
        }

        log("storm drain, clean: " + assets + " assets x2 at " + (int) LIMIT + " writes/s");
        StormDrain.Result clean = StormDrain.run("Clean", assets, LIMIT, Faults.none());
        log(String.format("  %.1f s, %.1f writes/s", clean.drainSeconds(), clean.writeRate()));
        log("storm drain, faults: 10% 5xx and 5% extra 429");
        StormDrain.Result faulty = StormDrain.run("10% 5xx + 429 bursts", assets, LIMIT,
                Faults.none().withServerErrorRate(0.10).withThrottleRate(0.05).withSeed(2026));
        log(String.format("  %.1f s, %.1f writes/s", faulty.drainSeconds(), faulty.writeRate()));
        Chart.write(root.resolve("benchmarks/storm-drain.png"), List.of(clean, faulty));

        log("shared budget: another client spends 40% of the limit");
        List<SharedBudget.Result> shared = List.of(
                SharedBudget.run("(a) other client at 40 % throughout", 20, quick ? 300 : 600, false),
                SharedBudget.run("(b) other client stops half-way", 20, quick ? 300 : 600, true));
        SharedBudgetChart.write(root.resolve("benchmarks/shared-budget.png"), shared);
        shared.forEach(r -> log(String.format("  %s: worker %.1f/s of %.1f left, 429s worker %.1f%% other %.1f%%",
                r.name(), r.workerRateWhileShared(), r.leftForWorker(), 100 * r.worker429Share(),
                100 * r.other429Share())));

        log("ingest core cost (JMH)");
        Options options = new OptionsBuilder()
                .include(IngestCoreBenchmark.class.getName())
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .jvmArgsAppend("-Dpermalinker.log.level=warn")
                .build();
        Collection<RunResult> jmh = new Runner(options).run();

        log("cold start");
        Path ingestJar = lambdaJar(root, "ingest-function");
        Path workerJar = lambdaJar(root, "worker-function");
        List<ColdStart.Timing> cold = new ColdStart(root.resolve("benchmarks/target/classes"),
                root.resolve("runtime-tests/target/lambda-runtime")).run(ingestJar, workerJar, quick ? 5 : 7);

        log("HTTP ingest throughput (wrk)");
        WrkThroughput.Result wrk = WrkThroughput.run(10, 32);

        log("SnapStart priming and telemetry cost");
        String snapStart = snapStart(root, null, quick ? 3 : 5);

        log("reconciler");
        String reconcile = reconcile(quick ? 1_000 : 5_000);

        log("release storm: 1,000 items at 200 webhooks/min, time-scaled by 20");
        String release = ReleaseStorm.report(ReleaseStorm.run(1_000, 20));

        String report = Report.render(clean, faulty, jmh, cold, wrk, Files.size(ingestJar), Files.size(workerJar),
                Instant.now()) + Report.sharedBudget(shared, clean) + snapStart + release + reconcile;
        Files.writeString(root.resolve("benchmarks/RESULTS.md"), report);
        System.out.println(report);
    }

    /** Issue 19: reads per run, time to URL without a webhook, and an upload whose webhooks trickle in. */
    private static String reconcile(int assets) throws Exception {
        // 30 times faster than real time: a scaled minute is 2 s; 5,000 webhooks at 200 a minute take 50 s.
        double scale = 1 / 30.0;
        Duration interval = Duration.ofMinutes(5);
        log("reconciler: reads per run");
        List<ReconcileBench.Reads> reads = ReconcileBench.reads(assets);
        reads.forEach(r -> log("  " + r));
        log("reconciler: time to URL without a webhook");
        ReconcileBench.Latency latency = ReconcileBench.latency(Duration.ofMinutes(15), interval, scale, 20);
        log("  " + latency);
        List<ReconcileBench.Upload> uploads = new ArrayList<>();
        for (Object[] run : new Object[][] {{"reconciler off", false, Duration.ofMinutes(15)},
                {"reconciler on, grace 15 min", true, Duration.ofMinutes(15)},
                {"reconciler on, grace 5 min", true, Duration.ofMinutes(5)}}) {
            log("reconciler: upload, " + run[0]);
            uploads.add(ReconcileBench.upload((String) run[0], assets, (Duration) run[2], interval, (Boolean) run[1],
                    scale));
            log("  " + uploads.get(uploads.size() - 1));
        }
        log("reconciler: late jobs for assets already done");
        ReconcileBench.LateDuplicates late = ReconcileBench.lateDuplicates(200, Duration.ofMinutes(20));
        log("  " + late);
        ReconcileBench.LateDuplicates fresh = ReconcileBench.lateDuplicates(200, Duration.ofSeconds(30));
        log("  " + fresh);
        return ReconcileResults.render(reads, latency, uploads, late, fresh);
    }

    private static String snapStart(Path root, Path before, int runs) throws Exception {
        Path benchClasses = root.resolve("benchmarks/target/classes");
        List<FirstRequest.Result> first = new FirstRequest(benchClasses).run(lambdaJar(root, "ingest-function"),
                lambdaJar(root, "worker-function"), runs);
        List<EmfCost.Result> emf = EmfCost.run(7);
        List<ColdStart.Timing> coldBefore = null;
        List<ColdStart.Timing> coldAfter = null;
        if (before != null) {
            ColdStart cold = new ColdStart(benchClasses, root.resolve("runtime-tests/target/lambda-runtime"));
            List<List<ColdStart.Timing>> rounds = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                rounds.add(cold.run(lambdaJar(before, "ingest-function"), lambdaJar(before, "worker-function"), 4));
                rounds.add(cold.run(lambdaJar(root, "ingest-function"), lambdaJar(root, "worker-function"), 4));
            }
            coldBefore = merge(rounds.get(0), rounds.get(2));
            coldAfter = merge(rounds.get(1), rounds.get(3));
        }
        return Report.snapStart(first, emf, coldBefore, coldAfter);
    }

    private static List<ColdStart.Timing> merge(List<ColdStart.Timing> a, List<ColdStart.Timing> b) {
        List<ColdStart.Timing> merged = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            List<Double> millis = new ArrayList<>(a.get(i).millis());
            millis.addAll(b.get(i).millis());
            merged.add(new ColdStart.Timing(a.get(i).name(), millis, a.get(i).answer()));
        }
        return merged;
    }

    static Path lambdaJar(Path root, String module) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(module).resolve("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build " + module + " first"));
        }
    }

    private static void log(String line) {
        System.err.println("[bench] " + line);
    }

    /** Shared between the report and the suite: the JMH score of a benchmark method, in µs. */
    static double score(Collection<RunResult> results, String method) {
        return results.stream().filter(r -> r.getParams().getBenchmark().endsWith("." + method))
                .mapToDouble(r -> r.getPrimaryResult().getScore()).findFirst().orElse(Double.NaN);
    }

    static double error(Collection<RunResult> results, String method) {
        return results.stream().filter(r -> r.getParams().getBenchmark().endsWith("." + method))
                .mapToDouble(r -> r.getPrimaryResult().getScoreError()).findFirst().orElse(Double.NaN);
    }

}
