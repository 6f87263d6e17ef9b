package dev.permalinker.bench.probe;

import dev.permalinker.telemetry.EmfMetrics;
import dev.permalinker.telemetry.LogSink;
import dev.permalinker.telemetry.PipelineMetric;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Runs in a fresh JVM: the first-use cost of writing one EMF document (three metrics), with AWS's maintained
 * library ({@code aws-embedded-metrics}) or the project's own writer. Prints milliseconds and the classes the JVM
 * loaded by then (counted after the clock stops). Argument: {@code library}, {@code own} or {@code none}.
 */
public final class EmfCostProbe {
    private EmfCostProbe() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        if (args[0].equals("library")) {
            MetricsLogger metrics = new MetricsLogger();
            metrics.setNamespace("Permalinker");
            metrics.setDimensions(DimensionSet.of("Service", "probe", "Outcome", "written"));
            metrics.putMetric("Jobs", 1, Unit.COUNT);
            metrics.putMetric("CmaLatency", 120, Unit.MILLISECONDS);
            metrics.putMetric("TimeToPermanentUrl", 2500, Unit.MILLISECONDS);
            metrics.flush();
        } else if (args[0].equals("own")) {
            EmfMetrics metrics = new EmfMetrics("Permalinker", "probe", LogSink.stream(System.out), Clock.systemUTC());
            metrics.count(PipelineMetric.JOBS, "written");
            metrics.record(PipelineMetric.CMA_LATENCY, null, 120);
            metrics.record(PipelineMetric.TIME_TO_PERMANENT_URL, null, 2500);
            metrics.flush();
        }
        double millis = (System.nanoTime() - started) / 1e6;
        System.out.flush();
        System.out.println("RESULT ms=" + millis + " classes="
                + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
        System.out.flush();
        System.exit(0);
    }
}
