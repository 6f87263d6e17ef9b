package dev.permalinker.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code moto_server} process on a loopback port: the AWS APIs the SDK's own clients call in tests (DynamoDB,
 * CloudFormation, EventBridge, Secrets Manager, CloudWatch Logs), emulated by moto (Apache-2.0).
 * https://docs.getmoto.org/en/latest/docs/server_mode.html
 *
 * <p>Started with port 0: moto prints the port it bound ({@code * Running on http://127.0.0.1:PORT}), which is read
 * from its output. A machine without {@code moto_server} on the {@code PATH} fails the test with a message saying
 * what to install; it never skips, so a build that did not run the DynamoDB tests cannot pass. Each test isolates its
 * data by its own table or resource names: one server per JVM ({@link #shared()}) serves every test class.
 */
public final class MotoServer implements AutoCloseable {
    /** The executable looked up on the {@code PATH}; overridden by the system property of the same name. */
    public static final String EXECUTABLE_PROPERTY = "permalinker.moto.server";
    private static final Pattern RUNNING_ON = Pattern.compile("Running on (http://127\\.0\\.0\\.1:\\d+)");
    private static final long START_TIMEOUT_SECONDS = 60;
    private static MotoServer shared;

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** The JVM's one server, started on first use and stopped when the JVM exits. */
    public static synchronized MotoServer shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
            MotoServer started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "moto-server-stop"));
        }
        return shared;
    }

    /** A new server of its own (a test that stops it, as an outage would). */
    public static MotoServer start() {
        String executable = System.getProperty(EXECUTABLE_PROPERTY, "moto_server");
        Process process;
        try {
            process = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", "0").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start '" + executable + "': the DynamoDB and CloudFormation tests "
                    + "need moto's server (moto 5.x: pip install 'moto[server]', or the machine image's moto_server on "
                    + "the PATH). These tests never skip: " + e.getMessage(), e);
        }
        List<String> output = new ArrayList<>();
        CompletableFuture<URI> bound = new CompletableFuture<>();
        Thread reader = new Thread(() -> read(process, output, bound), "moto-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new MotoServer(process, bound.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while moto_server started", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            synchronized (output) {
                throw new IllegalStateException("moto_server did not report its port within " + START_TIMEOUT_SECONDS
                        + " s; its output: " + String.join(" | ", output), e);
            }
        }
    }

    /** Drains the process's output (a full pipe would block it) and completes {@code bound} with its address. */
    private static void read(Process process, List<String> output, CompletableFuture<URI> bound) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!bound.isDone()) {
                    synchronized (output) {
                        output.add(line);
                    }
                    Matcher matcher = RUNNING_ON.matcher(line);
                    if (matcher.find()) {
                        bound.complete(URI.create(matcher.group(1)));
                    }
                }
            }
        } catch (IOException e) {
            bound.completeExceptionally(e);
        }
        bound.completeExceptionally(new IOException("moto_server exited with " + exitCode(process)));
    }

    private static String exitCode(Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "(still running)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(unknown)";
        }
    }

    /** The endpoint every emulated service answers on, e.g. {@code http://127.0.0.1:43941}. */
    public URI endpoint() {
        return endpoint;
    }

    /** Stops the server, as an outage would; idempotent. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
