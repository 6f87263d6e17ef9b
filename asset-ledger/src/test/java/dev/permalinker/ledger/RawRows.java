package dev.permalinker.ledger;

import java.util.Map;

/**
 * A store's rows reached past the ledger, the way an operator's raw client or SQL would: to damage a row, or to see
 * what was stored. Values are {@code String} or {@code Long}; a row's revision is {@code rev}.
 */
public interface RawRows {

    void writeAsset(AssetKey key, Map<String, Object> fields);

    /** The asset's row as stored; empty when there is none. */
    Map<String, Object> readAsset(AssetKey key);

    void writeCheckpoint(ScanScope scope, Map<String, Object> fields);

    /** The checkpoint's row as stored; empty when there is none. */
    Map<String, Object> readCheckpoint(ScanScope scope);
}
