package dev.permalinker.worker;

import dev.permalinker.cma.CmaCallListener;
import dev.permalinker.telemetry.PipelineMetric;
import dev.permalinker.telemetry.Metrics;

/** Each CMA call in {@code CmaCalls} by status class, its time in {@code CmaLatency}; 429s in {@code CmaThrottled}. */
public final class CmaMetrics implements CmaCallListener {
    private final Metrics metrics;

    public CmaMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void answered(int status, long nanos) {
        metrics.count(PipelineMetric.CMA_CALLS, (status / 100) + "xx");
        if (status == 429) {
            metrics.count(PipelineMetric.CMA_THROTTLED, null);
        }
        metrics.record(PipelineMetric.CMA_LATENCY, null, nanos / 1_000_000.0);
    }

    @Override
    public void failed(long nanos) {
        metrics.count(PipelineMetric.CMA_CALLS, "io_error");
        metrics.record(PipelineMetric.CMA_LATENCY, null, nanos / 1_000_000.0);
    }
}
