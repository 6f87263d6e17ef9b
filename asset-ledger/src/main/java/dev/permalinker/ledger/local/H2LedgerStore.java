package dev.permalinker.ledger.local;

import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.LedgerUnavailableException;
import dev.permalinker.ledger.LedgerUnavailableException.Reason;
import dev.permalinker.ledger.ScanScope;
import dev.permalinker.ledger.internal.LedgerFields;
import dev.permalinker.ledger.internal.LedgerStore;
import dev.permalinker.ledger.internal.RawRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The ledger's rows in an embedded H2 database: one table of assets, one of checkpoints, the same fields as the
 * DynamoDB items ({@link LedgerFields}) and the same compare-and-set on a revision column. One connection, used by
 * one call at a time: the local runner's rate is the CMA's (a few calls a second), and H2 answers in microseconds.
 * Text columns carry no constraints beyond their keys, so a row written by a newer version (a state this one does
 * not know) is stored and read back as unreadable, never refused or guessed at.
 */
final class H2LedgerStore implements LedgerStore {
    static final String ASSETS = "ledger_asset";
    static final String CHECKPOINTS = "ledger_checkpoint";
    /** H2 has no TTL: expired rows (already absent to every read) are deleted at open and then this often. */
    static final Duration PURGE_INTERVAL = Duration.ofHours(1);
    /** SQLSTATE of a unique-key violation: the row a create expected not to exist does. */
    private static final String DUPLICATE_KEY = "23505";
    private static final String ASSET_KEY = "apiKey = ? AND branch = ? AND assetUid = ?";
    private static final String CHECKPOINT_KEY = "apiKey = ? AND branch = ?";

    private final Connection connection;
    private final String description;
    private final Clock clock;
    private Instant nextPurge;

    private H2LedgerStore(Connection connection, String description, Clock clock) {
        this.connection = connection;
        this.description = description;
        this.clock = clock;
    }

    /** Opens (and creates, on first use) the database at {@code url}; {@code directory} is created first if given. */
    static H2LedgerStore open(String url, String description, Path directory, Clock clock) {
        try {
            if (directory != null) {
                Files.createDirectories(directory);
            }
            // The driver itself, not DriverManager: no service lookup that a repackaged jar could miss.
            Connection connection = new org.h2.Driver().connect(url, new Properties());
            H2LedgerStore store = new H2LedgerStore(connection, description, clock);
            store.createTables();
            store.purgeExpired();
            return store;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the ledger's " + description + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the ledger's directory " + directory, e);
        }
    }

    private void createTables() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + ASSETS + " (apiKey VARCHAR(64) NOT NULL, "
                    + "branch VARCHAR(64) NOT NULL, assetUid VARCHAR(64) NOT NULL, state VARCHAR(64), "
                    + "queuedBy VARCHAR(64), failureCode VARCHAR(64), permanentUrl VARCHAR(8192), attempts BIGINT, "
                    + "firstSeen VARCHAR(64), lastChange VARCHAR(64), expiresAt BIGINT, rev BIGINT NOT NULL, "
                    + "PRIMARY KEY (apiKey, branch, assetUid))");
            statement.execute("CREATE TABLE IF NOT EXISTS " + CHECKPOINTS + " (apiKey VARCHAR(64) NOT NULL, "
                    + "branch VARCHAR(64) NOT NULL, scan CHARACTER LARGE OBJECT, updatedAt VARCHAR(64), "
                    + "expiresAt BIGINT, rev BIGINT NOT NULL, PRIMARY KEY (apiKey, branch))");
        }
    }

    @Override
    public synchronized RawRow readAsset(AssetKey key) throws LedgerUnavailableException {
        try {
            return read(ASSETS, LedgerFields.ASSET, ASSET_KEY, key.apiKey(), key.branch(), key.assetUid());
        } catch (SQLException e) {
            throw unavailable("reading an asset", e);
        }
    }

    @Override
    public synchronized Map<AssetKey, RawRow> readAssets(Collection<AssetKey> keys)
            throws LedgerUnavailableException {
        Map<AssetKey, RawRow> rows = new HashMap<>();
        try {
            for (AssetKey key : keys) {
                RawRow row = read(ASSETS, LedgerFields.ASSET, ASSET_KEY, key.apiKey(), key.branch(), key.assetUid());
                if (row != null) {
                    rows.put(key, row);
                }
            }
        } catch (SQLException e) {
            throw unavailable("reading assets", e);
        }
        return rows;
    }

    @Override
    public synchronized long writeAsset(AssetKey key, Map<String, String> fields, long expectedRevision)
            throws LedgerUnavailableException {
        try {
            long written = write(ASSETS, LedgerFields.ASSET, ASSET_KEY, fields, expectedRevision, key.apiKey(),
                    key.branch(), key.assetUid());
            purgeWhenDue();
            return written;
        } catch (SQLException e) {
            throw unavailable("writing an asset", e);
        }
    }

    @Override
    public synchronized RawRow readCheckpoint(ScanScope scope) throws LedgerUnavailableException {
        try {
            return read(CHECKPOINTS, LedgerFields.CHECKPOINT, CHECKPOINT_KEY, scope.apiKey(), scope.branch());
        } catch (SQLException e) {
            throw unavailable("reading a checkpoint", e);
        }
    }

    @Override
    public synchronized long writeCheckpoint(ScanScope scope, Map<String, String> fields, long expectedRevision)
            throws LedgerUnavailableException {
        try {
            return write(CHECKPOINTS, LedgerFields.CHECKPOINT, CHECKPOINT_KEY, fields, expectedRevision,
                    scope.apiKey(), scope.branch());
        } catch (SQLException e) {
            throw unavailable("writing a checkpoint", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing: the database files are consistent after every commit.
        }
    }

    @Override
    public String toString() {
        return description;
    }

    private RawRow read(String table, List<String> names, String where, String... key) throws SQLException {
        String sql = "SELECT " + String.join(", ", names) + ", rev FROM " + table + " WHERE " + where;
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < key.length; i++) {
                select.setString(i + 1, key[i]);
            }
            try (ResultSet result = select.executeQuery()) {
                if (!result.next()) {
                    return null;
                }
                Map<String, String> fields = new HashMap<>();
                for (String name : names) {
                    String value = result.getString(name);
                    if (value != null) {
                        fields.put(name, value);
                    }
                }
                long revision = result.getLong("rev");
                return new RawRow(fields, revision > 0 ? revision : UNREADABLE_REVISION);
            }
        }
    }

    /** An INSERT when no row is expected (a duplicate key: someone came first), else an UPDATE on the revision. */
    private long write(String table, List<String> names, String where, Map<String, String> fields, long expected,
                       String... key) throws SQLException {
        fields.keySet().stream().filter(name -> !names.contains(name)).findFirst().ifPresent(name -> {
            throw new IllegalArgumentException("not a field of this row: " + name);
        });
        long revision = expected > 0 ? expected + 1 : 1;
        List<String> keyColumns = List.of("apiKey", "branch", "assetUid").subList(0, key.length);
        String sql = expected == NO_ROW
                ? "INSERT INTO " + table + " (" + String.join(", ", keyColumns) + ", " + String.join(", ", names)
                        + ", rev) VALUES (" + "?, ".repeat(keyColumns.size() + names.size()) + "?)"
                : "UPDATE " + table + " SET " + names.stream().map(name -> name + " = ?")
                        .collect(Collectors.joining(", ")) + ", rev = ? WHERE " + where
                        + (expected == UNREADABLE_REVISION ? " AND rev <= 0" : " AND rev = ?");
        List<Object> values = new ArrayList<>();
        if (expected == NO_ROW) {
            values.addAll(List.of(key));
        }
        for (String name : names) {
            String value = fields.get(name);
            values.add(value == null || !LedgerFields.NUMBERS.contains(name) ? value : Long.valueOf(value));
        }
        values.add(revision);
        if (expected != NO_ROW) {
            values.addAll(List.of(key));
            if (expected != UNREADABLE_REVISION) {
                values.add(expected);
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.size(); i++) {
                Object value = values.get(i);
                if (value == null) {
                    statement.setNull(i + 1, Types.VARCHAR);
                } else {
                    statement.setObject(i + 1, value);
                }
            }
            return statement.executeUpdate() == 1 ? revision : NO_ROW;
        } catch (SQLException e) {
            if (DUPLICATE_KEY.equals(e.getSQLState())) {
                return NO_ROW;
            }
            throw e;
        }
    }

    private void purgeWhenDue() throws SQLException {
        if (!clock.instant().isBefore(nextPurge)) {
            purgeExpired();
        }
    }

    private void purgeExpired() throws SQLException {
        Instant now = clock.instant();
        for (String table : List.of(ASSETS, CHECKPOINTS)) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table
                    + " WHERE expiresAt <= ?")) {
                delete.setLong(1, now.getEpochSecond());
                delete.executeUpdate();
            }
        }
        nextPurge = now.plus(PURGE_INTERVAL);
    }

    /** A closed or broken database is unreachable; SQL the database refuses (no such table) is misconfigured. */
    private LedgerUnavailableException unavailable(String operation, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        Reason reason = state.startsWith("42") ? Reason.MISCONFIGURED : Reason.UNREACHABLE;
        return new LedgerUnavailableException(reason, "H2 " + operation + " in the " + description + ": "
                + e.getMessage(), e);
    }
}
