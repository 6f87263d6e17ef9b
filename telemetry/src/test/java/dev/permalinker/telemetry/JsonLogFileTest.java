package dev.permalinker.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

class JsonLogFileTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T09:00:00.123Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void write_pastTheCap_rotatesOnceAndKeepsTheNewestWholeLines() throws Exception {
        Path file = dir.resolve("logs").resolve(JsonLogFile.SERVE_LOG);
        try (JsonLogFile log = JsonLogFile.open(file, 1024)) {
            for (int i = 0; i < 25; i++) {
                log.write(line(i), Level.INFO);
            }
        }

        Path rotated = JsonLogFile.rotatedPath(file);
        assertThat(rotated.getFileName().toString()).isEqualTo("permalinker.log.1");
        assertThat(Files.size(file)).isLessThanOrEqualTo(1024);
        assertThat(Files.size(rotated)).isLessThanOrEqualTo(1024);
        // 100-byte lines, 10 to a file: 0-9 rotated away and dropped at the second rotation, 10-19, then 20-24.
        assertThat(Files.readAllLines(rotated)).containsExactlyElementsOf(lines(10, 20));
        assertThat(Files.readAllLines(file)).containsExactlyElementsOf(lines(20, 25));
    }

    private static byte[] line(int n) {
        String text = "{\"n\":" + (n < 10 ? "0" : "") + n + ",\"pad\":\"" + "x".repeat(82) + "\"}\n";
        assertThat(text).hasSize(100);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> lines(int from, int to) {
        return java.util.stream.IntStream.range(from, to)
                .mapToObj(n -> new String(line(n), StandardCharsets.UTF_8).trim()).toList();
    }

    @Test
    void open_missingFileAndDirectory_createdOwnerOnlyWhateverTheUmask() throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "a file system without POSIX permissions");
        Path file = dir.resolve("data").resolve(JsonLogFile.SERVE_LOG);
        try (JsonLogFile log = JsonLogFile.open(file, 1024)) {
            for (int i = 0; i < 12; i++) {
                log.write(line(i), Level.INFO);
            }
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(JsonLogFile.rotatedPath(file))))
                .isEqualTo("rw-------");
    }

    @Test
    void open_existingFile_appends() throws Exception {
        Path file = dir.resolve("permalinker.log");
        Files.writeString(file, "{\"first\":1}\n");
        try (JsonLogFile log = JsonLogFile.open(file, 4096)) {
            log.write("{\"second\":2}\n".getBytes(StandardCharsets.UTF_8), Level.INFO);
        }
        assertThat(Files.readAllLines(file)).containsExactly("{\"first\":1}", "{\"second\":2}");
    }

    @Test
    void tap_textOnTheTerminal_jsonInTheFile() throws Exception {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        LogTaps taps = new LogTaps();
        StructuredLogger logger = new StructuredLogger("dev.permalinker.worker.BatchProcessor",
                LogConfig.fromEnv(Map.of()), LogSink.stream(new PrintStream(terminal, true, StandardCharsets.UTF_8)),
                CLOCK, taps);
        Path file = dir.resolve("permalinker.log");
        try (JsonLogFile log = JsonLogFile.open(file, 4096)) {
            AutoCloseable detach = taps.attach(log);
            logger.atInfo().addKeyValue("outcome", "written").addKeyValue("assetUid", "blt1").addKeyValue("attempt", 1)
                    .log("job written");
            detach.close();
            logger.atInfo().addKeyValue("outcome", "written").log("after detaching");
        }

        assertThat(terminal.toString(StandardCharsets.UTF_8)).contains("outcome=written assetUid=blt1")
                .contains("after detaching");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        var event = new ObjectMapper().readTree(lines.get(0));
        assertThat(event.get("outcome").asText()).isEqualTo("written");
        assertThat(event.get("assetUid").asText()).isEqualTo("blt1");
        assertThat(event.get("attempt").asInt()).isEqualTo(1);
        assertThat(event.get("timestamp").asText()).isEqualTo("2026-11-25T09:00:00.123Z");
    }

    @Test
    void tap_failingSink_doesNotStopTheProcessLog() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        LogTaps taps = new LogTaps();
        taps.attach((line, level) -> {
            throw new IllegalStateException("disk full");
        });
        StructuredLogger logger = new StructuredLogger("dev.permalinker.x", LogConfig.fromEnv(Map.of()),
                LogSink.stream(new PrintStream(terminal, true, StandardCharsets.UTF_8)), CLOCK, taps);

        logger.info("still here");

        assertThat(terminal.toString(StandardCharsets.UTF_8)).contains("still here");
    }

    @Test
    void tap_quietTerminal_stillGetsTheProjectsInfoEventsButNotLibraryChatter() throws Exception {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        LogTaps taps = new LogTaps();
        LogConfig quiet = LogConfig.fromEnv(Map.of("LOG_LEVEL", "warn"));
        LogSink sink = LogSink.stream(new PrintStream(terminal, true, StandardCharsets.UTF_8));
        StructuredLogger project = new StructuredLogger("dev.permalinker.ingest.IngestService", quiet, sink, CLOCK,
                taps);
        StructuredLogger library = new StructuredLogger("org.elasticmq.Queue", quiet, sink, CLOCK, taps);
        assertThat(project.isInfoEnabled()).as("nothing attached: as quiet as configured").isFalse();
        Path file = dir.resolve("permalinker.log");
        try (JsonLogFile log = JsonLogFile.open(file, 4096)) {
            taps.attach(log);
            project.atInfo().addKeyValue("outcome", "queued").log("webhook answered 202");
            project.debug("not kept");
            library.info("not kept either");
            library.warn("kept");
        }

        assertThat(terminal.toString(StandardCharsets.UTF_8)).contains("kept").doesNotContain("webhook answered");
        assertThat(Files.readAllLines(file)).hasSize(2).satisfiesExactly(
                line -> assertThat(line).contains("\"outcome\":\"queued\""),
                line -> assertThat(line).contains("\"message\":\"kept\""));
    }
}
