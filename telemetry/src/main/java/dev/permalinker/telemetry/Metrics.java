package dev.permalinker.telemetry;

import java.time.Clock;
import java.util.Map;

/** Where code records {@link PipelineMetric}s; flushed once per invocation. Thread-safe. */
public interface Metrics {
    /** Discards everything: the local runner, tests that do not look. */
    Metrics NONE = new Metrics() {
        @Override
        public void record(PipelineMetric metric, String dimensionValue, double value) {
        }

        @Override
        public void flush() {
        }
    };

    /**
     * @param dimensionValue the value of the metric's own {@link PipelineMetric#dimension()}; ignored when it has none
     */
    void record(PipelineMetric metric, String dimensionValue, double value);

    default void count(PipelineMetric metric, String dimensionValue) {
        record(metric, dimensionValue, 1);
    }

    /** Writes what was recorded since the last flush. */
    void flush();

    /**
     * EMF on Lambda ({@code AWS_LAMBDA_FUNCTION_NAME} is set) or when {@code METRICS=emf}; else nothing. Namespace
     * {@code METRICS_NAMESPACE} (default {@value PipelineMetric#DEFAULT_NAMESPACE}), service {@code METRICS_SERVICE}
     * (default the function's name).
     */
    static Metrics fromEnv(Map<String, String> env) {
        boolean wanted = "emf".equalsIgnoreCase(env.getOrDefault("METRICS", ""))
                || env.get("AWS_LAMBDA_FUNCTION_NAME") != null && !"none".equalsIgnoreCase(env.get("METRICS"));
        if (!wanted) {
            return NONE;
        }
        String namespace = env.getOrDefault("METRICS_NAMESPACE", PipelineMetric.DEFAULT_NAMESPACE);
        String service = env.getOrDefault("METRICS_SERVICE", env.getOrDefault("AWS_LAMBDA_FUNCTION_NAME",
                "permalinker"));
        LogConfig settings = LogConfig.fromEnv(env);
        return new EmfMetrics(namespace, service, LogSink.of(settings), Clock.systemUTC());
    }
}
