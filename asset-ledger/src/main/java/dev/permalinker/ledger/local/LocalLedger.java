package dev.permalinker.ledger.local;

import dev.permalinker.ledger.AssetLedger;
import dev.permalinker.ledger.internal.StoreLedger;
import dev.permalinker.model.JsonCodec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Builds the local runner's ledger: an embedded H2 database (the library ElasticMQ keeps {@code serve}'s queues in),
 * in the data directory for {@code serve} or in memory for {@code demo}. H2 is an optional dependency of this
 * module: the local runner has it, no function jar does.
 */
public final class LocalLedger {
    /** The database's files in the data directory: {@code ledger.mv.db}, next to the queues' {@code queues.mv.db}. */
    public static final String FILE_NAME = "ledger";

    private LocalLedger() {
    }

    /**
     * The ledger kept in {@code dataDirectory} (created if missing): it survives a restart on the same directory. Every
     * change is on disk when the call returns ({@code WRITE_DELAY=0}, as the queues); H2 does not fsync each commit,
     * so a power loss may lose the last moments, as it may the queues'. One process at a time: H2 locks the file, and
     * {@code serve} locks the directory.
     *
     * @param retention a row's time to live after its last change; expired rows are removed at open and hourly
     */
    public static AssetLedger open(Path dataDirectory, Duration retention, Clock clock, JsonCodec json) {
        Path base = dataDirectory.toAbsolutePath().normalize();
        return new StoreLedger(H2LedgerStore.open(fileUrl(base), "h2 database in " + base, base, clock), retention,
                clock, json);
    }

    /** A ledger in memory, gone when closed: {@code demo}, and tests. */
    public static AssetLedger inMemory(Duration retention, Clock clock, JsonCodec json) {
        return inMemory("ledger-" + UUID.randomUUID(), retention, clock, json);
    }

    /** The in-memory ledger named {@code name} (tests reach its rows by the name: {@link #memoryUrl}). */
    static AssetLedger inMemory(String name, Duration retention, Clock clock, JsonCodec json) {
        return new StoreLedger(H2LedgerStore.open(memoryUrl(name), "h2 database in memory", null, clock), retention,
                clock, json);
    }

    /**
     * {@code WRITE_DELAY=0}: a change is written before the call returns (H2 otherwise holds it up to 500 ms).
     * {@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook would close the database under the jobs {@code serve}
     * finishes after SIGTERM; the runner closes the ledger after them. https://h2database.com/html/features.html
     */
    static String fileUrl(Path dataDirectory) {
        return "jdbc:h2:file:" + dataDirectory.toAbsolutePath().normalize().resolve(FILE_NAME).toString()
                .replace('\\', '/') + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    static String memoryUrl(String name) {
        return "jdbc:h2:mem:" + name;
    }
}
