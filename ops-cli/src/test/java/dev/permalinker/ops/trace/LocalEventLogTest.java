package dev.permalinker.ops.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalEventLogTest {
    private final JsonCodec json = JsonCodec.create();

    @Test
    void dataDirectoryOfASimulatedRun_pointsAtItsSimulateSubdirectory(@TempDir Path dataDir) throws IOException {
        Path simulated = Files.createDirectories(dataDir.resolve("simulate"));
        Files.writeString(simulated.resolve(LocalEventLog.FILE_NAME), "{}\n");

        assertThatThrownBy(() -> LocalEventLog.inDataDirectory(dataDir, json)
                .eventsFor("blt0a1b2c3d4e5f6789", Instant.EPOCH, Instant.now()))
                .isInstanceOf(TraceGap.class)
                .hasMessageContaining("serve --simulate keeps its log in " + simulated)
                .hasMessageContaining("--data-dir " + simulated);
    }

    @Test
    void emptyDataDirectory_asksForTheRightOne(@TempDir Path dataDir) {
        assertThatThrownBy(() -> LocalEventLog.inDataDirectory(dataDir, json)
                .eventsFor("blt0a1b2c3d4e5f6789", Instant.EPOCH, Instant.now()))
                .isInstanceOf(TraceGap.class)
                .hasMessageContaining("is this serve's DATA_DIR? pass --data-dir or --log-file");
    }

    @Test
    void simulatedRunsLog_isReadWhenPassed(@TempDir Path dataDir) throws IOException {
        Path simulated = Files.createDirectories(dataDir.resolve("simulate"));
        Files.writeString(simulated.resolve(LocalEventLog.FILE_NAME), "not json\n");

        assertThat(LocalEventLog.inDataDirectory(simulated, json)
                .eventsFor("blt0a1b2c3d4e5f6789", Instant.EPOCH, Instant.now())).isEmpty();
    }
}
