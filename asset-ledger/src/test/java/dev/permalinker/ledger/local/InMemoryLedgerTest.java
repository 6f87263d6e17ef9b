package dev.permalinker.ledger.local;

import dev.permalinker.ledger.AssetLedger;
import dev.permalinker.ledger.AssetLedgerContract;
import dev.permalinker.ledger.MutableClock;
import dev.permalinker.ledger.RawRows;
import java.time.Duration;
import java.util.UUID;

/** The contract on {@code demo}'s store: an H2 database in memory. */
class InMemoryLedgerTest extends AssetLedgerContract {
    private String name;

    @Override
    protected AssetLedger open(MutableClock clock, Duration retention) {
        name = "ledger-test-" + UUID.randomUUID();
        return LocalLedger.inMemory(name, retention, clock, JSON);
    }

    @Override
    protected RawRows rawRows() {
        return new H2Rows(LocalLedger.memoryUrl(name));
    }

    @Override
    protected AssetLedger openUnavailable(MutableClock clock, Duration retention) {
        String other = "ledger-shut-" + UUID.randomUUID();
        AssetLedger down = LocalLedger.inMemory(other, retention, clock, JSON);
        new H2Rows(LocalLedger.memoryUrl(other)).shutdown();
        return down;
    }
}
