package dev.permalinker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServeDataDirectoryTest {
    private static final LocalConfig SETTINGS = new LocalConfig("127.0.0.1", 8080, 9324, 5, 2, 60,
            Path.of("/srv/permalinker-data"));

    @Test
    void forServe_simulate_ownDirectoryBeneathDataDir() {
        assertThat(ServeDataDirectory.forServe(SETTINGS, true).dataDir())
                .isEqualTo(Path.of("/srv/permalinker-data/simulate"));
        assertThat(ServeDataDirectory.forServe(SETTINGS, true)).usingRecursiveComparison().ignoringFields("dataDir")
                .isEqualTo(SETTINGS);
    }

    @Test
    void forServe_realStack_dataDirItself() {
        assertThat(ServeDataDirectory.forServe(SETTINGS, false)).isEqualTo(SETTINGS);
    }

    @Test
    void describe_saysWhereAndWhatItHolds() {
        assertThat(ServeDataDirectory.describe(Path.of("/srv/permalinker-data"), false, 0, 0))
                .isEqualTo("data directory /srv/permalinker-data: 0 queued jobs, 0 dead letters");
        assertThat(ServeDataDirectory.describe(Path.of("/srv/permalinker-data"), false, 1, 3))
                .startsWith("data directory /srv/permalinker-data: 1 queued job, 3 dead letters, kept from an "
                        + "earlier run");
        assertThat(ServeDataDirectory.describe(Path.of("/srv/permalinker-data/simulate"), true, 2, 1))
                .startsWith("data directory /srv/permalinker-data/simulate (simulated runs only; runs against a real "
                        + "stack use /srv/permalinker-data): 2 queued jobs, 1 dead letter, kept");
    }
}
