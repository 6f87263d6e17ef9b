package dev.permalinker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.AssetLedger;
import dev.permalinker.ledger.LedgerConfig;
import dev.permalinker.ledger.QueueSource;
import dev.permalinker.ledger.local.LocalLedger;
import dev.permalinker.model.JsonCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trace} through the command line with serve's data directory: only the asked stack's lines count (another
 * stack's "written" for the same uid once gave verdict ok), and the asset ledger's row comes first.
 */
class TraceStackAndLedgerTest {
    private static final String STACK = "bltstackaaaa000001";
    private static final String OTHER = "bltstackbbbb000002";
    private static final String ASSET = "blt0a1b2c3d4e5f6789";
    private final JsonCodec json = JsonCodec.create();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    @TempDir
    Path dataDir;

    private int trace(String... more) {
        String[] args = new String[more.length + 5];
        args[0] = "trace";
        args[1] = ASSET;
        args[2] = "--data-dir";
        args[3] = dataDir.toString();
        args[4] = "--json";
        System.arraycopy(more, 0, args, 5, more.length);
        // No management token: the CMA cannot be read, so the lines and the ledger tell the story.
        return OpsCli.run(args, Map.of("CS_APIKEY", STACK), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private void log(String apiKey, String outcome) throws Exception {
        String line = "{\"timestamp\":\"" + Instant.now().minusSeconds(60) + "\",\"logger\":\"BatchProcessor\","
                + "\"outcome\":\"" + outcome + "\",\"assetUid\":\"" + ASSET + "\",\"apiKey\":\"" + apiKey
                + "\",\"branch\":\"main\",\"messageId\":\"m-1\",\"attempt\":1,\"receiveCount\":1}\n";
        Files.writeString(dataDir.resolve("permalinker.log"), line, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void anotherStacksWrittenLine_isNotThisAssetsStory() throws Exception {
        log(OTHER, "written");

        int exit = trace();

        JsonNode story = json.readTree(out.toByteArray());
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(1);
        assertThat(story.path("verdict").asText()).isNotEqualTo("ok");
        assertThat(story.path("events").size()).isZero();
    }

    @Test
    void thisStacksWrittenLine_ok() throws Exception {
        log(STACK, "written");

        int exit = trace();

        assertThat(exit).isZero();
        assertThat(json.readTree(out.toByteArray()).path("events").size()).isEqualTo(1);
    }

    @Test
    void ledgerInTheDataDirectory_readFirstAndShown() throws Exception {
        try (AssetLedger ledger = LocalLedger.open(dataDir, LedgerConfig.DEFAULT_RETENTION, Clock.systemUTC(),
                json)) {
            ledger.markQueued(new AssetKey(STACK, "main", ASSET), QueueSource.RECONCILER);
        }
        log(OTHER, "written");

        int exit = trace();

        JsonNode story = json.readTree(out.toByteArray());
        assertThat(exit).isEqualTo(1);
        assertThat(story.path("ledger").path("state").asText()).isEqualTo("queued");
        assertThat(story.path("ledger").path("queuedBy").asText()).isEqualTo("reconciler");
        assertThat(story.path("verdict").asText()).isEqualTo("waiting");
        assertThat(story.path("timeline").get(0).path("source").asText()).isEqualTo("ledger");
    }

    @Test
    void noLedgerInTheDataDirectory_noneCreated() throws Exception {
        log(STACK, "written");

        trace();

        assertThat(json.readTree(out.toByteArray()).path("ledger").isNull()).isTrue();
        assertThat(dataDir.resolve(OpsLedger.LOCAL_FILE)).doesNotExist();
    }
}
