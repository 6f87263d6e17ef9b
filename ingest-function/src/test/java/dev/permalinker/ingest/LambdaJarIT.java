package dev.permalinker.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The ingest's Lambda jar (built in {@code package}, before this runs) stays thin: the enqueue retry brings the retry
 * module, never the CMA client, which the ingest has no use for.
 */
class LambdaJarIT {

    private static List<String> entries() throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(file -> file.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/*-lambda.jar: run the package phase first"));
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void lambdaJar_carriesTheRetryLoopButNoCmaClient() throws IOException {
        List<String> entries = entries();

        assertThat(entries).contains("dev/permalinker/ingest/IngestHandler.class",
                "dev/permalinker/retry/Retrier.class");
        assertThat(entries).noneMatch(name -> name.startsWith("dev/permalinker/cma/"));
    }
}
