package dev.permalinker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.testsupport.TestOnlyClasses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What {@code permalinker-ops} ships (its jar and the runtime libraries copied beside it at package): no test double.
 * The simulator is a test dependency here; {@code send-test-webhook} signs through webhook-signing.
 */
class ShippedCliIT {
    private static final Path TARGET = Path.of(System.getProperty("project.build.directory", "target"));

    @Test
    void cliJarAndItsLibraries_carryNoTestOnlyClass() throws IOException {
        Path cli = TARGET.resolve("permalinker-ops.jar");
        List<Path> libraries;
        try (Stream<Path> files = Files.list(TARGET.resolve("lib"))) {
            libraries = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        try (JarFile jar = new JarFile(cli.toFile())) {
            assertThat(jar.getEntry("dev/permalinker/ops/OpsCli.class")).isNotNull();
        }
        assertThat(libraries).extracting(p -> p.getFileName().toString())
                .anyMatch(name -> name.startsWith("webhook-signing-"))
                .noneMatch(name -> name.startsWith("contentstack-simulator-") || name.startsWith("test-support-"));

        assertThat(Stream.concat(Stream.of(cli), libraries.stream()).flatMap(jar -> TestOnlyClasses.in(jar).stream()))
                .isEmpty();
    }
}
