package dev.permalinker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** trace with malformed uids and options, and a log file with lines that are not what serve writes. */
class TraceBadInputTest {
    private static final String ASSET = "blt0a1b2c3d4e5f6789";
    private static final Map<String, String> ENV = Map.of("CS_APIKEY", "bltstack");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return OpsCli.run(args, ENV, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../etc/passwd", "blt 1", "blt%2F",
            "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "\u00e9t\u00e9", "blt\n1"})
    void trace_malformedUid_exit2(String uid) {
        assertThat(run("trace", "--log-file", dir.resolve("none.log").toString(), "--", uid)).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--since=0h", "--since=yesterday", "--since=-PT1H", "--since=PT9999999999999H",
            "--branch=../x", "--stack=a b", "--bogus"})
    void trace_oddFlags_exit2(String flag) {
        assertThat(run("trace", ASSET, "--log-file", dir.resolve("none.log").toString(), flag)).isEqualTo(2);
    }

    @Test
    void trace_missingDataDir_verdictWithAGapNotACrash() throws Exception {
        int exit = run("trace", ASSET, "--data-dir", dir.resolve("missing").toString(), "--json");

        assertThat(exit).isEqualTo(1);
        JsonNode story = JsonCodec.create().readTree(out.toByteArray());
        assertThat(story.isObject()).isTrue();
    }

    @Test
    void trace_logWithGarbageLines_readsTheGoodOnes() throws Exception {
        String good = "{\"timestamp\":\"" + Instant.now().minusSeconds(60) + "\",\"logger\":\"IngestService\","
                + "\"outcome\":\"queued\",\"status\":202,\"assetUid\":\"" + ASSET + "\",\"detail\":\"branch=main\"}\n";
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        log.write(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, '"'});
        log.write(("\"" + ASSET + "\"\n").getBytes(StandardCharsets.UTF_8));
        log.write(("{\"timestamp\":\"" + Instant.now() + "\",\"assetUid\":\"" + ASSET + "\",\"outc\n")
                .getBytes(StandardCharsets.UTF_8));
        log.write(("{\"assetUid\":\"" + ASSET + "\",\"pad\":\"" + "x".repeat(2_000_000) + "\"}\n")
                .getBytes(StandardCharsets.UTF_8));
        log.write(("[\"" + ASSET + "\"]\n").getBytes(StandardCharsets.UTF_8));
        log.write(("{\"timestamp\":\"never\",\"assetUid\":\"" + ASSET + "\"}\n").getBytes(StandardCharsets.UTF_8));
        log.write(good.getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("permalinker.log");
        Files.write(file, log.toByteArray());

        int exit = run("trace", ASSET, "--log-file", file.toString(), "--json");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(1);
        assertThat(text).contains("queued");
        assertThat(JsonCodec.create().readTree(out.toByteArray()).isObject()).isTrue();
    }
}
