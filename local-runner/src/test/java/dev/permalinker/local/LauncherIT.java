package dev.permalinker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code permalinker-local} as a user runs it (issue 28's walkthrough): a typo never starts anything, {@code --help}
 * is help, every bad value is one line naming the variable or option, and a taken port ends the process with an
 * {@code error:} line instead of leaving it running. Each case is a process, because the finding is its exit.
 */
class LauncherIT {
    /** A generous bound for a JVM to start, see the problem and exit on a loaded machine; not a measured figure. */
    private static final long EXIT_BOUND_SECONDS = 60;

    @TempDir
    Path workDir;
    private final List<LauncherProcess> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (LauncherProcess process : started) {
            process.kill();
        }
    }

    private LauncherProcess run(Map<String, String> env, String... args) throws IOException {
        LauncherProcess process = LauncherProcess.start(workDir, env, args);
        started.add(process);
        return process;
    }

    private Map<String, String> freePorts() throws IOException {
        return Map.of("PORT", Integer.toString(LauncherProcess.freePort()),
                "SQS_PORT", Integer.toString(LauncherProcess.freePort()));
    }

    @Test
    void serve_mistypedOption_refusedWithSuggestionAndNothingStarted() throws Exception {
        LauncherProcess serve = run(Map.of("CS_APIKEY", "bltreal", "CS_MANAGEMENTTOKEN", "real-token"),
                "serve", "--simulte");

        assertThat(serve.exitWithin(EXIT_BOUND_SECONDS)).isEqualTo(2);
        assertThat(serve.output()).contains("error: Unknown option: '--simulte'; did you mean --simulate?")
                .doesNotContain("serving");
        assertThat(workDir.resolve("data")).doesNotExist();
    }

    @Test
    void help_onEveryCommand_printsUsageAndExitsZero() throws Exception {
        LauncherProcess serveHelp = run(Map.of(), "serve", "--help");
        LauncherProcess demoHelp = run(Map.of(), "demo", "--help");
        LauncherProcess help = run(Map.of(), "help");
        LauncherProcess helpServe = run(Map.of(), "help", "serve");

        assertThat(serveHelp.exitWithin(EXIT_BOUND_SECONDS)).isZero();
        assertThat(serveHelp.output()).contains("Usage: permalinker-local serve").contains("--simulate")
                .doesNotContain("error");
        assertThat(demoHelp.exitWithin(EXIT_BOUND_SECONDS)).isZero();
        assertThat(demoHelp.output()).contains("Usage: permalinker-local demo").contains("--assets")
                .doesNotContain("Permalinker demo:");
        assertThat(help.exitWithin(EXIT_BOUND_SECONDS)).isZero();
        assertThat(help.output()).contains("Usage: permalinker-local").contains("serve").contains("demo");
        assertThat(helpServe.exitWithin(EXIT_BOUND_SECONDS)).isZero();
        assertThat(helpServe.output()).contains("Usage: permalinker-local serve");
    }

    @Test
    void demo_zeroAssets_namesTheOption() throws Exception {
        LauncherProcess demo = run(Map.of(), "demo", "--assets", "0");

        assertThat(demo.exitWithin(EXIT_BOUND_SECONDS)).isEqualTo(2);
        assertThat(demo.output()).contains("error: --assets must be at least 1, was 0")
                .doesNotContain("Exception");
    }

    @Test
    void serve_badValues_eachNamedWithWhatItAccepts() throws Exception {
        Map<String, String> cases = Map.of(
                "CS_RATE_LIMIT", "CS_RATE_LIMIT must be a number, was 'abc'",
                "CS_SIGNATURE_METHOD", "CS_SIGNATURE_METHOD must be one of certificate, hmac, none, was 'hmca'",
                "SQS_PORT", "SQS_PORT must be between 1 and 65535, was 0",
                "LOG_LEVEL", "LOG_LEVEL must be one of trace, debug, info, warn, error, was 'verbose'");
        Map<String, String> values = Map.of("CS_RATE_LIMIT", "abc", "CS_SIGNATURE_METHOD", "hmca", "SQS_PORT", "0",
                "LOG_LEVEL", "verbose");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            Map<String, String> env = new HashMap<>(freePorts());
            env.put("DATA_DIR", workDir.resolve("data-" + bad.getKey()).toString());
            env.put(bad.getKey(), values.get(bad.getKey()));
            LauncherProcess serve = run(env, "serve", "--simulate");

            assertThat(serve.exitWithin(EXIT_BOUND_SECONDS)).as(bad.getKey()).isEqualTo(2);
            assertThat(serve.output()).as(bad.getKey()).contains("error: ").contains(bad.getValue())
                    .doesNotContain("Exception").doesNotContain("For input string").doesNotContain("enum");
        }
    }

    @Test
    void serve_portInUse_oneErrorLineAndExits() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            LauncherProcess serve = run(Map.of("PORT", Integer.toString(taken.getLocalPort()),
                    "SQS_PORT", Integer.toString(LauncherProcess.freePort())), "serve", "--simulate");

            assertThat(serve.exitWithin(EXIT_BOUND_SECONDS)).isEqualTo(1);
            assertThat(serve.output()).contains("error: PORT=" + taken.getLocalPort() + ": ")
                    .contains("is already in use").doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void serve_sqsPortInUse_oneErrorLineAndExits() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            LauncherProcess serve = run(Map.of("PORT", Integer.toString(LauncherProcess.freePort()),
                    "SQS_PORT", Integer.toString(taken.getLocalPort())), "serve", "--simulate");

            assertThat(serve.exitWithin(EXIT_BOUND_SECONDS)).isEqualTo(1);
            assertThat(serve.output()).contains("error: SQS_PORT=" + taken.getLocalPort() + ": ")
                    .doesNotContain("\tat ");
        }
    }
}
