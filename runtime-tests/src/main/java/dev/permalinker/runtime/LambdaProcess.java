package dev.permalinker.runtime;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One function container: a JVM running AWS's runtime interface client ({@code AWSLambda}) with the handler string,
 * the runtime's libraries on the class path (as {@code /var/runtime/lib} on the managed runtime) and the function's
 * shaded jar, unchanged, in the task root's {@code lib/}, where the runtime's class loader finds it.
 */
public final class LambdaProcess implements AutoCloseable {
    private static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String NATIVE_CLIENT_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private final Process process;
    private final Path output;

    private LambdaProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * @param handler     the handler string, as in the function's configuration
     * @param jars        the function's code: its shaded jar, unchanged (and anything a variant under measurement adds)
     * @param environment the function's variables; {@code AWS_LAMBDA_RUNTIME_API} and Lambda's own are added
     * @param runtimeLib  the runtime interface client and its libraries
     */
    public static LambdaProcess start(String handler, List<Path> jars, Map<String, String> environment,
                                      RuntimeApiEmulator runtimeApi, Path workDir, Path runtimeLib) {
        try {
            Path taskRoot = Files.createDirectories(workDir.resolve("task"));
            Files.createDirectories(taskRoot.resolve("lib"));
            for (Path jar : jars) {
                Files.copy(jar, taskRoot.resolve("lib").resolve(jar.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            Path output = workDir.resolve("process.log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-XX:+TieredCompilation");
            command.add("-XX:TieredStopAtLevel=1");
            // The runtime client unpacks its JNI library to one fixed /tmp path; on Lambda every sandbox has its own
            // /tmp, here a second process would overwrite the library the first has mapped (SIGBUS). Each process
            // gets its own copy.
            command.add("-D" + NATIVE_CLIENT_PROPERTY + "=" + nativeLibrary(runtimeLib, workDir));
            command.add("-cp");
            command.add(classPath(runtimeLib));
            command.add(RUNTIME_MAIN);
            command.add(handler);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(taskRoot.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().clear();
            builder.environment().put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
            builder.environment().put("AWS_REGION", "eu-west-1");
            builder.environment().put("AWS_DEFAULT_REGION", "eu-west-1");
            builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "permalinker");
            builder.environment().put("AWS_LAMBDA_FUNCTION_VERSION", "1");
            builder.environment().put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
            builder.environment().put("LAMBDA_TASK_ROOT", taskRoot.toString());
            builder.environment().putAll(environment);
            builder.environment().values().removeIf(value -> value == null);
            return new LambdaProcess(builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The runtime client's JNI library for this machine, copied out of its jar into {@code workDir}. */
    private static Path nativeLibrary(Path runtimeLib, Path workDir) throws IOException {
        String arch = System.getProperty("os.arch").contains("aarch64") ? "linux-aarch_64" : "linux-x86_64";
        Path target = workDir.resolve("libaws-lambda-jni.so");
        try (var jars = Files.list(runtimeLib)) {
            Path client = jars.filter(p -> p.getFileName().toString().startsWith(
                    "aws-lambda-java-runtime-interface-client")).findFirst()
                    .orElseThrow(() -> new IOException("no runtime interface client in " + runtimeLib));
            try (ZipFile zip = new ZipFile(client.toFile())) {
                ZipEntry entry = zip.getEntry("jni/libaws-lambda-jni." + arch + ".so");
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target.toAbsolutePath();
    }

    private static String classPath(Path lib) throws IOException {
        try (var jars = Files.list(lib)) {
            return String.join(File.pathSeparator, jars.map(jar -> jar.toAbsolutePath().toString()).sorted().toList());
        }
    }

    /** Everything the process printed so far (standard output and error). */
    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The CPU time the process has used so far, all its threads (JIT and GC included): a cold start's cost that a
     * busy machine does not inflate the way it inflates wall-clock time.
     */
    public Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Waits for the process to end by itself (e.g. after an init error); its exit code, or -1 if it did not. */
    public int awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
