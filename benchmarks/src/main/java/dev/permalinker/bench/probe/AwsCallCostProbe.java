package dev.permalinker.bench.probe;

import java.lang.management.ClassLoadingMXBean;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Runs in a fresh JVM with only a function's shaded jar and this class: what one Secrets Manager lookup or one
 * EventBridge PutEvents adds to a cold start, over what the function has loaded already (its SQS client, built and
 * called first, as init and the first request do, and the project's JSON codec, created and used). Reflection only,
 * so the same probe runs against a build with the hand-signed calls ({@code AwsClients.secrets},
 * {@code AwsClients.eventBridge}) and one with the SDK's clients ({@code SecretsManagerSecrets},
 * {@code EventBridgePublisher.create}). Prints the milliseconds of the SQS warm-up and
 * of the call (wall-clock, and the calling thread's CPU time: a busy machine inflates it far less, and it leaves out
 * the wait for moto_server's answer), and the classes the call loaded.
 *
 * <p>Arguments: {@code secrets}, {@code events} or {@code events-client} (the publisher built, no call), the SQS
 * endpoint, the secret ARN or the bus name, the EventBridge endpoint for a hand-signed call (as the worker's
 * {@code EVENTS_ENDPOINT}), and {@code sqs} to call SQS first (the ingest's first request sends a job, a reconciler
 * run reads the queue) or {@code none} to only build its client (the worker's and the actions consumer's first
 * invocation call no SQS when all goes well). The SDK's clients find moto_server in
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} / {@code AWS_ENDPOINT_URL_EVENTBRIDGE}, which the builds before read for
 * the measurement only.
 */
public final class AwsCallCostProbe {
    private AwsCallCostProbe() {
    }

    public static void main(String[] args) throws Throwable {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long started = System.nanoTime();
        Class<?> awsClients = Class.forName("dev.permalinker.aws.AwsClients");
        Object aws = clients(awsClients, URI.create(args[1]), URI.create(args[3]));
        Object sqs = awsClients.getMethod("sqs", Duration.class).invoke(aws, Duration.ofSeconds(10));
        if (args[4].equals("sqs")) {
            // One method handle, not Class.getMethod: that resolves every method's types, and the shaded jar has no
            // paginators.
            MethodHandles.publicLookup().findVirtual(Class.forName("software.amazon.awssdk.services.sqs.SqsClient"),
                    "listQueues", MethodType.methodType(Class.forName(
                            "software.amazon.awssdk.services.sqs.model.ListQueuesResponse"))).invoke(sqs);
        }
        // The project's JSON codec, which every function has created and used by then (its configuration, its events).
        Class<?> codec = Class.forName("dev.permalinker.model.JsonCodec");
        Object json = codec.getMethod("create").invoke(null);
        Object text = codec.getMethod("write", Object.class).invoke(json, java.util.Map.of("warm", List.of(1, "a")));
        codec.getMethod("readTree", byte[].class).invoke(json, ((String) text).getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        double warmMs = (System.nanoTime() - started) / 1e6;
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = classes.getTotalLoadedClassCount();
        long cpuStarted = threads.getCurrentThreadCpuTime();
        long callStarted = System.nanoTime();
        if (args[0].equals("secrets")) {
            Object resolver = secrets(awsClients, aws);
            Object value = Class.forName("dev.permalinker.model.SecretResolver").getMethod("resolve", String.class)
                    .invoke(resolver, args[2]);
            if (value == null) {
                throw new IllegalStateException("no secret");
            }
        } else if (args[0].equals("events-client")) {
            events(awsClients, aws, args[2], URI.create(args[3]));
        } else {
            Object publisher = events(awsClients, aws, args[2], URI.create(args[3]));
            Class<?> entry = Class.forName("dev.permalinker.aws.EventBridgePublisher$Entry");
            Object event = entry.getConstructor(String.class, String.class, String.class)
                    .newInstance("permalinker", "Permanent URL set", "{\"assetUid\":\"bltprobe\"}");
            publisher.getClass().getMethod("put", List.class).invoke(publisher, List.of(event));
        }
        double callMs = (System.nanoTime() - callStarted) / 1e6;
        double cpuMs = (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e6;
        long loaded = classes.getTotalLoadedClassCount() - before;
        System.out.println("RESULT warm=" + warmMs + " call=" + callMs + " cpu=" + cpuMs + " classes=" + loaded);
        System.out.flush();
        System.exit(0);
    }

    /**
     * {@code AwsClients} over the SQS endpoint; with the service endpoint in its settings where the build has them
     * ({@code AWS_ENDPOINT_URL_*}, read by the hand-signed calls), else as the builds before had it.
     */
    private static Object clients(Class<?> awsClients, URI sqs, URI service) throws Exception {
        try {
            Class<?> settings = Class.forName("dev.permalinker.aws.AwsSettings");
            Object withEndpoints = settings.getConstructor(String.class, URI.class, URI.class, URI.class)
                    .newInstance("us-east-1", sqs, service, service);
            return awsClients.getMethod("create", settings).invoke(null, withEndpoints);
        } catch (ClassNotFoundException | NoSuchMethodException before) {
            return awsClients.getMethod("create", String.class, URI.class).invoke(null, "us-east-1", sqs);
        }
    }

    /** {@code SecretsManagerSecrets.create}, else the hand-signed {@code AwsClients.secrets}. */
    private static Object secrets(Class<?> awsClients, Object aws) throws Exception {
        try {
            return Class.forName("dev.permalinker.aws.SecretsManagerSecrets").getMethod("create", awsClients)
                    .invoke(null, aws);
        } catch (ClassNotFoundException handSigned) {
            Object json = Class.forName("dev.permalinker.model.JsonCodec").getMethod("create").invoke(null);
            return awsClients.getMethod("secrets", json.getClass()).invoke(aws, json);
        }
    }

    /** {@code EventBridgePublisher.create}, else the hand-signed {@code AwsClients.eventBridge}. */
    private static Object events(Class<?> awsClients, Object aws, String bus, URI endpoint) throws Exception {
        Class<?> publisher = Class.forName("dev.permalinker.aws.EventBridgePublisher");
        try {
            return publisher.getMethod("create", awsClients, String.class, URI.class).invoke(null, aws, bus, null);
        } catch (NoSuchMethodException handSigned) {
            Object json = Class.forName("dev.permalinker.model.JsonCodec").getMethod("create").invoke(null);
            // The endpoint given, as the worker gives EVENTS_ENDPOINT (the SDK's client reads its variable itself).
            return awsClients.getMethod("eventBridge", String.class, URI.class, json.getClass()).invoke(aws, bus,
                    endpoint, json);
        }
    }
}
