package dev.permalinker.local;

import dev.permalinker.model.EnvReader;
import dev.permalinker.telemetry.LogConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * The local runner's own settings; the ingest and the worker read theirs from the same environment.
 *
 * @param maxReceiveCount deliveries before the queue's redrive policy moves a message to the DLQ
 * @param workerThreads   concurrent worker invocations, like the event source mapping's maximum concurrency
 * @param visibilityTimeoutSeconds how long a received message stays hidden; failures reappear after it
 * @param dataDir         where {@code serve} keeps its queues ({@code DATA_DIR}); {@code null}: in memory
 */
public record LocalConfig(String bind, int port, int sqsPort, int maxReceiveCount, int workerThreads,
                          int visibilityTimeoutSeconds, Path dataDir) {

    /** The demo's and tests' settings: queues in memory. */
    public LocalConfig(String bind, int port, int sqsPort, int maxReceiveCount, int workerThreads,
                       int visibilityTimeoutSeconds) {
        this(bind, port, sqsPort, maxReceiveCount, workerThreads, visibilityTimeoutSeconds, null);
    }

    /** The process environment: the one place the local runner reads it. */
    public static Map<String, String> processEnvironment() {
        return System.getenv();
    }

    public static LocalConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        LocalConfig settings = new LocalConfig(
                reader.string("BIND", "127.0.0.1"),
                reader.integer("PORT", 8080, 0, 65_535),
                // A fixed port: serve keeps its queues on disk in an ElasticMQ that cannot report a dynamic one.
                reader.integer("SQS_PORT", 9324, 1, 65_535),
                reader.integer("MAX_RECEIVE_COUNT", 5, 1, 1_000),
                reader.integer("WORKER_THREADS", 2, 1, 64),
                reader.integer("VISIBILITY_TIMEOUT", 60, 1, 43_200),
                Path.of(reader.string("DATA_DIR", "./.permalinker-data")));
        LogConfig.problems(env).forEach(reader::problem);
        reader.throwIfProblems("local runner configuration");
        return settings;
    }

    public LocalConfig withPorts(int newPort, int newSqsPort) {
        return new LocalConfig(bind, newPort, newSqsPort, maxReceiveCount, workerThreads, visibilityTimeoutSeconds,
                dataDir);
    }
}
