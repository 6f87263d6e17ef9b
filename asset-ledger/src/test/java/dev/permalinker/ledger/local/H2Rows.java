package dev.permalinker.ledger.local;

import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.RawRows;
import dev.permalinker.ledger.ScanScope;
import dev.permalinker.ledger.internal.LedgerFields;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The ledger's H2 tables reached the way an operator's SQL would: past the ledger, to damage or inspect rows. */
final class H2Rows implements RawRows {
    private final String url;

    H2Rows(String url) {
        this.url = url;
    }

    private Connection connect() throws SQLException {
        return new org.h2.Driver().connect(url, new Properties());
    }

    @Override
    public void writeAsset(AssetKey key, Map<String, Object> fields) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("apiKey", key.apiKey());
        row.put("branch", key.branch());
        row.put("assetUid", key.assetUid());
        row.putAll(fields);
        merge(H2LedgerStore.ASSETS, "apiKey, branch, assetUid", row);
    }

    @Override
    public void writeCheckpoint(ScanScope scope, Map<String, Object> fields) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("apiKey", scope.apiKey());
        row.put("branch", scope.branch());
        row.putAll(fields);
        merge(H2LedgerStore.CHECKPOINTS, "apiKey, branch", row);
    }

    @Override
    public Map<String, Object> readAsset(AssetKey key) {
        return read(H2LedgerStore.ASSETS, LedgerFields.ASSET, "apiKey = ? AND branch = ? AND assetUid = ?",
                key.apiKey(), key.branch(), key.assetUid());
    }

    @Override
    public Map<String, Object> readCheckpoint(ScanScope scope) {
        return read(H2LedgerStore.CHECKPOINTS, LedgerFields.CHECKPOINT, "apiKey = ? AND branch = ?", scope.apiKey(),
                scope.branch());
    }

    /** Shuts the database down under whoever has it open. */
    void shutdown() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void merge(String table, String key, Map<String, Object> row) {
        String sql = "MERGE INTO " + table + " (" + String.join(", ", row.keySet()) + ") KEY (" + key + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(row.size(), "?")) + ")";
        try (Connection connection = connect(); PreparedStatement merge = connection.prepareStatement(sql)) {
            List<Object> values = new ArrayList<>(row.values());
            for (int i = 0; i < values.size(); i++) {
                merge.setObject(i + 1, values.get(i));
            }
            merge.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> read(String table, List<String> names, String where, String... key) {
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement("SELECT * FROM " + table + " WHERE " + where)) {
            for (int i = 0; i < key.length; i++) {
                select.setString(i + 1, key[i]);
            }
            try (ResultSet result = select.executeQuery()) {
                Map<String, Object> row = new HashMap<>();
                if (!result.next()) {
                    return row;
                }
                ResultSetMetaData meta = result.getMetaData();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    Object value = result.getObject(column);
                    if (value instanceof Clob clob) {
                        value = clob.getSubString(1, (int) clob.length());
                    }
                    String label = meta.getColumnLabel(column);
                    String name = names.stream().filter(label::equalsIgnoreCase).findFirst().orElse(label);
                    if (value != null) {
                        row.put(name, value);
                    }
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
