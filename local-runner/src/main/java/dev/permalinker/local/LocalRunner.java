package dev.permalinker.local;

import dev.permalinker.ingest.IngestService;
import dev.permalinker.model.ConfigException;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.telemetry.JsonLogFile;
import dev.permalinker.telemetry.LogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code permalinker-local}: the whole pipeline on one machine.
 *
 * <pre>
 * permalinker-local demo [--assets N] [--rate R]   self-contained burst through the pipeline and a summary
 * permalinker-local serve [--simulate]              long-lived: ingest on PORT, SQS on SQS_PORT, worker polling
 * </pre>
 */
public final class LocalRunner {
    private static final String USAGE = """
            usage: permalinker-local demo [--assets N] [--rate WRITES_PER_SECOND]
                   permalinker-local serve [--simulate]

            demo   starts everything embedded (SQS, ingest, worker, a simulated Contentstack CMA), sends a burst of
                   signed asset-creation webhooks with duplicates and bad requests, and prints a summary.
                   Exit code 0 only if every asset got exactly one permanent URL. Defaults: 300 assets, 20 writes/s.
            serve  runs until SIGTERM. Ingest on BIND:PORT (127.0.0.1:8080) at POST /webhooks/contentstack and
                   GET /healthz; SQS endpoint on SQS_PORT (9324). The CMA is CS_CMA_URL when given, else the
                   CS_REGION's when CS_MANAGEMENTTOKEN is set; --simulate embeds the simulator instead.
                   Variables as on AWS: CS_APIKEY, CS_REGION, CS_SIGNATURE_METHOD (certificate: Contentstack's key
                   from the region's app host; hmac: CS_HMAC_SECRETS), CS_SECRET / CS_BASIC_AUTH / CS_BEARER_TOKEN,
                   CS_MANAGEMENTTOKEN or CS_MANAGEMENTTOKENS, CS_RATE_LIMIT; locally also MAX_RECEIVE_COUNT (5),
                   WORKER_THREADS (2), VISIBILITY_TIMEOUT (60 s), DATA_DIR (./.permalinker-data: the queues, on
                   disk across restarts, and permalinker.log: every event as a JSON line, 10 MiB x 2, read by
                   permalinker-ops trace; exit code 3 if it cannot be used; each start says what it holds),
                   RECONCILE_INTERVAL (PT5M; PT0S off: the reconciler, with RECONCILE_GRACE and RECONCILE_LOOKBACK).
                   --simulate keeps its own queues in DATA_DIR/simulate, so simulated jobs never reach a real stack,
                   and verifies webhooks with the simulated Contentstack's key; its private half is written to a
                   file (printed at start) for permalinker-ops send-test-webhook --private-key.
                   Release actions: RELEASE_HOOK_URL (a build hook; RELEASE_HOOK_SECRET, RELEASE_DEBOUNCE, PT60S)
                   turns each release's webhooks into one POST after its quiet period (actions queue on SQS_PORT).
            """;

    private LocalRunner() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "help";
        // The JDK HTTP servers (ingest, simulator) without TCP_NODELAY meet delayed ACKs: ~40 ms per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        if (!command.equals("serve")) {
            // The demo talks on the terminal; per-message logs would drown its progress line.
            System.setProperty(LogConfig.LEVEL_PROPERTY, "warn");
        }
        int exit;
        try {
            exit = switch (command) {
                case "demo" -> new Demo(intOption(args, "--assets", 300), doubleOption(args, "--rate", 20), System.out)
                        .run();
                case "serve" -> serve(has(args, "--simulate"));
                case "help", "--help", "-h" -> {
                    System.out.print(USAGE);
                    yield 0;
                }
                default -> {
                    System.err.print("unknown command " + command + "\n" + USAGE);
                    yield 2;
                }
            };
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            exit = 2;
        } catch (DataDirectory.DataDirectoryException e) {
            System.err.println("error: " + e.getMessage());
            exit = DataDirectory.EXIT_CODE;
        } catch (IllegalStateException e) {
            // Something the process needs at start is missing, e.g. Contentstack's signing key: say what.
            System.err.println("error: " + e.getMessage());
            exit = 1;
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "\n" + USAGE);
            exit = 2;
        }
        System.exit(exit);
    }

    /** Variables that give {@code serve} a real CMA to write to: a token in any documented form, or a CMA URL. */
    private static final List<String> CMA_TARGET_VARIABLES = List.of("CS_MANAGEMENTTOKEN", "CS_MANAGEMENTTOKENS",
            "CS_MANAGEMENTTOKEN_SECRET_ARN", "CS_MANAGEMENTTOKENS_SECRET_ARN", "CS_CMA_URL");

    /** Whether {@code serve} without {@code --simulate} has a stack to write to (the worker's config checks more). */
    static boolean hasCmaTarget(Map<String, String> env) {
        return CMA_TARGET_VARIABLES.stream().anyMatch(env::containsKey);
    }

    private static int serve(boolean simulate) throws InterruptedException, IOException {
        Map<String, String> env = new HashMap<>(LocalConfig.processEnvironment());
        LocalConfig settings = ServeDataDirectory.forServe(LocalConfig.fromEnv(env), simulate);
        ContentstackSimulator simulator = null;
        Path signingKeyFile = null;
        if (simulate) {
            simulator = ContentstackSimulator.start(0, "simulated-management-token",
                    Double.parseDouble(env.getOrDefault("CS_RATE_LIMIT", "10")));
            env.put("CS_CMA_URL", simulator.baseUrl().toString());
            env.put("CS_MANAGEMENTTOKEN", "simulated-management-token");
            env.putIfAbsent("CS_APIKEY", "bltlocalstack00001");
            for (String apiKey : env.get("CS_APIKEY").split(",")) {
                simulator.addStack(apiKey.trim());
            }
            env.putIfAbsent("CS_SIGNING_KEY_URL", simulator.signingKeyUrl().toString());
            signingKeyFile = Files.createTempFile("permalinker-simulated-contentstack-key", ".pem");
            Files.writeString(signingKeyFile, simulator.signingKeys().privateKeyPem());
        } else if (!hasCmaTarget(env)) {
            throw new IllegalArgumentException("set CS_MANAGEMENTTOKEN or CS_MANAGEMENTTOKENS (and CS_REGION) to write "
                    + "to your stack, or use --simulate");
        }
        DataDirectory dataDir = DataDirectory.open(settings.dataDir());
        // Every event also as a JSON line in the data directory, for permalinker-ops trace.
        AutoCloseable eventLog = JsonLogFile.tapProcessLog(dataDir.path().resolve(JsonLogFile.SERVE_LOG),
                JsonLogFile.DEFAULT_MAX_BYTES);
        LocalPipeline pipeline = LocalPipeline.start(settings, env);
        if (simulator != null) {
            String ingestWebhookUrl = pipeline.ingestUrl().resolve(IngestService.PATH).toString();
            SimulatedStackWebhooks.register(simulator, env, ingestWebhookUrl);
        }
        System.out.println("permalinker-local serving: webhooks at " + pipeline.ingestUrl()
                + "/webhooks/contentstack, health at /healthz, SQS at " + pipeline.sqs().endpoint()
                + " (queue " + pipeline.sqs().queueUrl() + ", DLQ " + pipeline.sqs().dlqUrl() + ")"
                + (pipeline.releaseActions() != null ? ", release actions queue "
                + pipeline.releaseActions().queueUrl() : "")
                + (simulator != null ? ", simulated CMA at " + simulator.baseUrl() + "; sign test webhooks with "
                + "permalinker-ops send-test-webhook --private-key " + signingKeyFile : ""));
        if (simulator != null) {
            System.out.println(SimulatedStackWebhooks.uploadHint(simulator, env));
        }
        System.out.println(ServeDataDirectory.describe(dataDir.path(), simulate,
                pipeline.sqs().depth(pipeline.sqs().queueUrl()), pipeline.sqs().depth(pipeline.sqs().dlqUrl())));
        CountDownLatch stopped = new CountDownLatch(1);
        ContentstackSimulator finalSimulator = simulator;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                int left = pipeline.shutdown(Duration.ofSeconds(20));
                System.out.println("permalinker-local stopped; jobs still queued, kept in " + dataDir.path()
                        + " for the next start: " + left);
                closeQuietly(eventLog);
                dataDir.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (finalSimulator != null) {
                    finalSimulator.close();
                }
                stopped.countDown();
            }
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Stopping: the lines written so far are on disk already.
        }
    }

    private static boolean has(String[] args, String flag) {
        for (String arg : args) {
            if (arg.equals(flag)) {
                return true;
            }
        }
        return false;
    }

    private static String option(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static int intOption(String[] args, String name, int defaultValue) {
        String value = option(args, name);
        try {
            return value == null ? defaultValue : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was " + value);
        }
    }

    private static double doubleOption(String[] args, String name, double defaultValue) {
        String value = option(args, name);
        try {
            return value == null ? defaultValue : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was " + value);
        }
    }
}
