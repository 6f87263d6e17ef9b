package dev.permalinker.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code permalinker-local} as its own process, with a clean environment (no {@code CS_*} of the machine running the
 * tests) plus the given variables: for behaviour that is about exit codes and a process that ends.
 */
final class LauncherProcess {
    private final Process process;
    private final Path output;

    private LauncherProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static LauncherProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + workDir.resolve("tmp"),
                "-cp", System.getProperty("java.class.path"), LocalRunner.class.getName()));
        command.addAll(List.of(args));
        Files.createDirectories(workDir.resolve("tmp"));
        Path output = Files.createTempFile(workDir, "launcher", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CS_") || name.startsWith("LOG_")
                || name.startsWith("RELEASE_") || name.startsWith("RECONCILE_")
                || List.of("PORT", "SQS_PORT", "BIND", "DATA_DIR").contains(name));
        builder.environment().putIfAbsent("DATA_DIR", workDir.resolve("data").toString());
        builder.environment().putAll(env);
        return new LauncherProcess(builder.start(), output);
    }

    /** Waits for the process to end on its own (killing it after {@code seconds}); its exit code, or -1 if killed. */
    int exitWithin(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    Process process() {
        return process;
    }

    void kill() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
