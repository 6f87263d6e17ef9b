package dev.permalinker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestOnlyClassesTest {
    @TempDir
    Path dir;

    private Path jar(String name, String... entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            for (String entry : entries) {
                zip.putNextEntry(new JarEntry(entry));
                zip.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void in_simulatorOrTestSupportClasses_named() throws IOException {
        Path jar = jar("function-lambda.jar", "dev/permalinker/ingest/IngestHandler.class",
                "dev/permalinker/simulator/SigningKeys.class", "dev/permalinker/testsupport/TestSqs.class",
                "dev/permalinker/signing/CertificateSignature.class");

        assertThat(TestOnlyClasses.in(jar)).containsExactly(
                "function-lambda.jar!/dev/permalinker/simulator/SigningKeys.class",
                "function-lambda.jar!/dev/permalinker/testsupport/TestSqs.class");
    }

    @Test
    void in_onlyShippableClasses_empty() throws IOException {
        Path jar = jar("clean.jar", "dev/permalinker/ops/OpsCli.class", "dev/permalinker/simulatorish/Other.class",
                "META-INF/MANIFEST.MF");

        assertThat(TestOnlyClasses.in(jar)).isEmpty();
    }

    @Test
    void in_notAJar_failsNamingIt() throws IOException {
        Path notAJar = Files.writeString(dir.resolve("broken.jar"), "not a zip");

        assertThatThrownBy(() -> TestOnlyClasses.in(notAJar)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("broken.jar");
    }
}
