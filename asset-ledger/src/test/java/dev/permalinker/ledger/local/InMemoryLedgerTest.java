package dev.permalinker.ledger.local;

import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.AssetLedger;
import dev.permalinker.ledger.AssetLedgerContract;
import dev.permalinker.ledger.MutableClock;
import dev.permalinker.ledger.ScanScope;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The contract on {@code demo}'s store: an H2 database in memory. */
class InMemoryLedgerTest extends AssetLedgerContract {
    private String name;

    @Override
    protected AssetLedger open(MutableClock clock, Duration retention) {
        name = "ledger-test-" + UUID.randomUUID();
        return LocalLedger.inMemory(name, retention, clock, JSON);
    }

    private H2Rows rows() {
        return new H2Rows(LocalLedger.memoryUrl(name));
    }

    @Override
    protected void writeRawAsset(AssetKey key, Map<String, Object> fields) {
        rows().writeAsset(key, fields);
    }

    @Override
    protected Map<String, Object> readRawAsset(AssetKey key) {
        return rows().readAsset(key);
    }

    @Override
    protected void writeRawCheckpoint(ScanScope scope, Map<String, Object> fields) {
        rows().writeCheckpoint(scope, fields);
    }

    @Override
    protected Map<String, Object> readRawCheckpoint(ScanScope scope) {
        return rows().readCheckpoint(scope);
    }

    @Override
    protected AssetLedger openUnavailable(MutableClock clock, Duration retention) {
        String other = "ledger-shut-" + UUID.randomUUID();
        AssetLedger down = LocalLedger.inMemory(other, retention, clock, JSON);
        new H2Rows(LocalLedger.memoryUrl(other)).shutdown();
        return down;
    }
}
