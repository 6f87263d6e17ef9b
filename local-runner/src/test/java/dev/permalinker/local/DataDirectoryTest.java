package dev.permalinker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void posixOnly() {
        Assumptions.assumeTrue(DataDirectory.posix(tmp), "a file system without POSIX permissions");
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void open_missingDirectoryAndParent_createdOwnerOnlyWithAnOwnerOnlyLock() throws Exception {
        Path dataDir = tmp.resolve("permalinker-data").resolve("simulate");

        try (DataDirectory opened = DataDirectory.open(dataDir)) {
            assertThat(permissions(dataDir)).isEqualTo("rwx------");
            assertThat(permissions(dataDir.getParent())).isEqualTo("rwx------");
            assertThat(permissions(dataDir.resolve(DataDirectory.LOCK_FILE))).isEqualTo("rw-------");
        }
    }

    @Test
    void open_existingDirectoryOthersCanRead_tightenedToOwnerOnly() throws Exception {
        Path dataDir = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));

        try (DataDirectory opened = DataDirectory.open(dataDir)) {
            assertThat(permissions(dataDir)).isEqualTo("rwx------");
        }
    }
}
