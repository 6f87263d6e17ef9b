package dev.permalinker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.permalinker.simulator.ContentstackSimulator;
import java.io.IOException;
import dev.permalinker.aws.AwsClients;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code serve --simulate} as its own process on a {@code DATA_DIR}: what a simulated run leaves is kept in
 * {@code DATA_DIR/simulate}, never in the queues a run against a real stack uses, and the next start says what it
 * found there and where. (Where a real run keeps its queues: {@code ServeDataDirectoryTest}, {@code ServeCrashIT}.)
 */
class ServeDataDirectoryIT {
    private static final String API_KEY = "bltdatadirstack001";
    private static final String TOKEN = "datadir-token";

    private final ContentstackSimulator cma = ContentstackSimulator.start(0, TOKEN, 10);
    private Process serve;

    @TempDir
    Path dataDir;
    @TempDir
    Path logs;

    @AfterEach
    void stop() throws InterruptedException {
        if (serve != null) {
            serve.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        cma.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts {@code serve}, waits for its data-directory line and answers it. */
    private String startServe(String name, boolean simulate, int sqsPort) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dpermalinker.log.level=warn", "-cp", System.getProperty("java.class.path"),
                LocalRunner.class.getName(), "serve")
                .redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile());
        if (simulate) {
            builder.command().add("--simulate");
        }
        Map<String, String> env = builder.environment();
        env.put("CS_APIKEY", API_KEY);
        if (!simulate) {
            env.put("CS_MANAGEMENTTOKEN", TOKEN);
            env.put("CS_CMA_URL", cma.baseUrl().toString());
            env.put("CS_SIGNING_KEY_URL", cma.signingKeyUrl().toString());
        }
        env.put("PORT", Integer.toString(freePort()));
        env.put("SQS_PORT", Integer.toString(sqsPort));
        env.put("DATA_DIR", dataDir.toString());
        serve = builder.start();
        Path log = logs.resolve(name + ".log");
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> Files.readString(log).contains("data directory ") || !serve.isAlive());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("serve said nothing about its data directory:\n" + Files.readString(log), e);
        }
        assertThat(serve.isAlive()).as("serve is running; its output:%n%s", Files.readString(log)).isTrue();
        String output = Files.readString(log);
        return output.lines().filter(l -> l.startsWith("data directory ")).findFirst().orElseThrow();
    }

    private void stopServe() throws InterruptedException {
        serve.destroyForcibly();
        assertThat(serve.waitFor(10, TimeUnit.SECONDS)).isTrue();
        serve = null;
    }

    @Test
    void simulatedDeadLetters_stayInTheSimulateDirectory_reportedAtTheNextStart_realQueuesUntouched()
            throws Exception {
        Path simulateDir = dataDir.resolve(ServeDataDirectory.SIMULATE_SUBDIRECTORY).toAbsolutePath().normalize();
        int sqsPort = freePort();
        String first = startServe("simulate-1", true, sqsPort);
        assertThat(first).startsWith("data directory " + simulateDir + " (simulated runs only; runs against a real "
                + "stack use " + dataDir.toAbsolutePath().normalize() + ")")
                .endsWith(": 0 queued jobs, 0 dead letters");
        String dlq = "http://127.0.0.1:" + sqsPort + "/000000000000/" + EmbeddedSqs.DLQ_NAME;
        try (SqsClient sqs = AwsClients.local(URI.create("http://127.0.0.1:" + sqsPort)).sqs(Duration.ofSeconds(5))) {
            sqs.sendMessage(r -> r.queueUrl(dlq).messageBody("{\"v\":1}").messageGroupId("bltsimulated1")
                    .messageDeduplicationId("simulated-dead-letter"));
        }
        stopServe();

        assertThat(simulateDir.resolve("queues.mv.db")).exists();
        assertThat(dataDir.resolve("queues.mv.db")).as("a real run's queues: never written by a simulated one")
                .doesNotExist();
        assertThat(startServe("simulate-2", true, sqsPort))
                .contains(": 0 queued jobs, 1 dead letter, kept from an earlier run");
    }
}
