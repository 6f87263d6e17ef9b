package dev.permalinker.local;

import dev.permalinker.ingest.IngestService;
import dev.permalinker.model.DeploymentOutput;
import dev.permalinker.model.EnvReader;
import dev.permalinker.model.Region;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.telemetry.JsonLogFile;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: the pipeline until SIGTERM, against a real stack or ({@code --simulate}) a simulated one. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs until SIGTERM. Ingest on BIND:PORT (127.0.0.1:8080) at POST /webhooks/contentstack and "
                + "GET /healthz; SQS endpoint on SQS_PORT (9324). The CMA is CS_CMA_URL when given, else the "
                + "CS_REGION's when CS_MANAGEMENTTOKEN is set; --simulate embeds the simulator instead.",
                "",
                "Variables as on AWS: CS_APIKEY, CS_REGION, CS_SIGNATURE_METHOD (certificate: Contentstack's key from "
                + "the region's app host; hmac: CS_HMAC_SECRETS; none), CS_SECRET / CS_BASIC_AUTH / CS_BEARER_TOKEN, "
                + "CS_MANAGEMENTTOKEN or CS_MANAGEMENTTOKENS, CS_RATE_LIMIT; locally also MAX_RECEIVE_COUNT (5), "
                + "WORKER_THREADS (2), VISIBILITY_TIMEOUT (60 s), DATA_DIR (./.permalinker-data: the queues, on disk "
                + "across restarts; permalinker.log, every event as a JSON line for permalinker-ops trace; "
                + "deployment.json, this deployment's URLs for permalinker-ops), RECONCILE_INTERVAL (PT5M; PT0S off), "
                + "LOG_LEVEL, LOG_FORMAT. Release actions: RELEASE_HOOK_URL (RELEASE_HOOK_SECRET, RELEASE_DEBOUNCE).",
                "",
                "Every variable is described in docs/configuration.md."})
final class ServeCommand implements Callable<Integer> {
    /** The simulated stack's management token (a local, made-up value; the upload hint prints it). */
    static final String SIMULATED_TOKEN = "simulated-management-token";
    static final String SIMULATED_API_KEY = "bltlocalstack00001";
    /** In {@code DATA_DIR/simulate}: the simulated stack ({@link ContentstackSimulator#startPersistent}). */
    static final String SIMULATOR_STATE = "contentstack-simulator.json";
    /** In {@code DATA_DIR/simulate}: the simulated Contentstack's private signing key, for send-test-webhook. */
    static final String SIGNING_KEY_FILE = "contentstack-signing-key.pem";

    @Option(names = "--simulate", description = "embed a simulated Contentstack stack (kept in DATA_DIR/simulate "
            + "across restarts) instead of writing to a real one")
    boolean simulate;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = new HashMap<>(LocalConfig.processEnvironment());
        LocalConfig base = LocalConfig.fromEnv(env);
        EnvReader reader = new EnvReader(env);
        double rateLimit = reader.decimal("CS_RATE_LIMIT", 10, 0);
        reader.throwIfProblems("serve configuration");
        if (!simulate && !LocalRunner.hasCmaTarget(env)) {
            throw new IllegalArgumentException("set CS_MANAGEMENTTOKEN or CS_MANAGEMENTTOKENS (and CS_REGION) to "
                    + "write to your stack, or use --simulate");
        }
        LocalConfig settings = ServeDataDirectory.forServe(base, simulate);
        DataDirectory dataDir = DataDirectory.open(settings.dataDir());
        try {
            requireFree(settings.bind(), settings.port(), "PORT");
            requireFree(settings.bind(), settings.sqsPort(), "SQS_PORT");
            return serve(env, base, settings, dataDir, rateLimit);
        } catch (RuntimeException | IOException e) {
            dataDir.close();
            throw e;
        }
    }

    private int serve(Map<String, String> env, LocalConfig base, LocalConfig settings, DataDirectory dataDir,
                      double rateLimit) throws IOException, InterruptedException {
        ContentstackSimulator simulator = null;
        Path signingKeyFile = null;
        if (simulate) {
            simulator = ContentstackSimulator.startPersistent(dataDir.path().resolve(SIMULATOR_STATE),
                    SIMULATED_TOKEN, rateLimit);
            env.put("CS_CMA_URL", simulator.baseUrl().toString());
            env.put("CS_MANAGEMENTTOKEN", SIMULATED_TOKEN);
            env.putIfAbsent("CS_APIKEY", SIMULATED_API_KEY);
            for (String apiKey : env.get("CS_APIKEY").split(",")) {
                simulator.addStack(apiKey.trim());
            }
            env.putIfAbsent("CS_SIGNING_KEY_URL", simulator.signingKeyUrl().toString());
            signingKeyFile = dataDir.path().resolve(SIGNING_KEY_FILE);
            OwnerOnlyFile.write(signingKeyFile, simulator.signingKeys().privateKeyPem());
        }
        AutoCloseable eventLog = null;
        LocalPipeline pipeline;
        try {
            // Every event also as a JSON line in the data directory, for permalinker-ops trace.
            eventLog = JsonLogFile.tapProcessLog(dataDir.path().resolve(JsonLogFile.SERVE_LOG),
                    JsonLogFile.DEFAULT_MAX_BYTES);
            pipeline = LocalPipeline.start(settings, env);
        } catch (RuntimeException e) {
            closeQuietly(eventLog);
            if (simulator != null) {
                simulator.close();
            }
            throw e;
        }
        String webhookUrl = pipeline.ingestUrl().resolve(IngestService.PATH).toString();
        if (simulator != null) {
            SimulatedStackWebhooks.register(simulator, env, webhookUrl);
        }
        Map<DeploymentOutput, String> facts = DeploymentFacts.of(pipeline, webhookUrl,
                simulator != null ? simulator.baseUrl().toString() : cmaBaseUrl(env));
        Path factsFile = DeploymentFacts.write(base.dataDir(), facts);
        if (simulate) {
            // The same facts beside the simulated run's log and ledger, so `permalinker-ops --data-dir
            // DATA_DIR/simulate` finds all three (trace reads the log and the ledger from the directory it is given).
            DeploymentFacts.write(dataDir.path(), facts);
        }
        System.out.println("permalinker-local serving: webhooks at " + webhookUrl + ", health at /healthz, SQS at "
                + pipeline.sqs().endpoint() + " (queue " + pipeline.sqs().queueUrl() + ", DLQ "
                + pipeline.sqs().dlqUrl() + ")"
                + (pipeline.releaseActions() != null ? ", release actions queue "
                + pipeline.releaseActions().queueUrl() : "")
                + (simulator != null ? ", simulated CMA at " + simulator.baseUrl() : "")
                + "; deployment facts for permalinker-ops in " + factsFile);
        if (simulator != null) {
            System.out.println(SimulatedStackWebhooks.uploadHint(simulator, env));
            System.out.println(SimulatedStackWebhooks.testWebhookHint(env, dataDir.path(), signingKeyFile));
        }
        System.out.println(ServeDataDirectory.describe(dataDir.path(), simulate,
                pipeline.sqs().depth(pipeline.sqs().queueUrl()), pipeline.sqs().depth(pipeline.sqs().dlqUrl())));
        CountDownLatch stopped = new CountDownLatch(1);
        ContentstackSimulator finalSimulator = simulator;
        AutoCloseable finalEventLog = eventLog;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                int left = pipeline.shutdown(Duration.ofSeconds(20));
                System.out.println("permalinker-local stopped; jobs still queued, kept in " + dataDir.path()
                        + " for the next start: " + left);
                closeQuietly(finalEventLog);
                dataDir.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (finalSimulator != null) {
                    // Saves the simulated stack for the next start.
                    finalSimulator.close();
                }
                stopped.countDown();
            }
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    /** The CMA a real-stack serve writes to, as the worker computes it (CS_CMA_URL, else the region's). */
    private static String cmaBaseUrl(Map<String, String> env) {
        String url = env.get("CS_CMA_URL");
        if (url != null && !url.isBlank()) {
            return url.trim();
        }
        try {
            return Region.parse(env.getOrDefault("CS_REGION", "na")).cmaBaseUrl().toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Fails at once, naming the variable, when a fixed port is taken: without this a second {@code serve} met the
     * bind failure deep inside ElasticMQ (pages of stack traces, and a process that never ended).
     */
    static void requireFree(String bind, int port, String variable) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(bind, port));
        } catch (BindException e) {
            throw new PortInUseException(variable + "=" + port + ": " + bind + ":" + port + " is already in use "
                    + "(another permalinker-local serve? stop it, or set " + variable + " to a free port)");
        } catch (IOException e) {
            throw new PortInUseException(variable + "=" + port + ": cannot listen on " + bind + ":" + port + " ("
                    + e.getMessage() + "); check BIND and " + variable);
        }
    }

    /** A port {@code serve} needs is taken or cannot be used. */
    static final class PortInUseException extends RuntimeException {
        PortInUseException(String message) {
            super(message);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Stopping: the lines written so far are on disk already.
        }
    }
}
