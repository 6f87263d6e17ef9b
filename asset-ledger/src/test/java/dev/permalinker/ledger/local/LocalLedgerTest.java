package dev.permalinker.ledger.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.ledger.AssetKey;
import dev.permalinker.ledger.AssetLedger;
import dev.permalinker.ledger.AssetLedgerContract;
import dev.permalinker.ledger.AssetLookup;
import dev.permalinker.ledger.AssetState;
import dev.permalinker.ledger.LedgerUnavailableException;
import dev.permalinker.ledger.MutableClock;
import dev.permalinker.ledger.QueueSource;
import dev.permalinker.ledger.RawRows;
import dev.permalinker.ledger.ScanCheckpoint;
import dev.permalinker.ledger.ScanPosition;
import dev.permalinker.ledger.ScanScope;
import dev.permalinker.ledger.Settlement;
import dev.permalinker.ledger.StoredCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on {@code serve}'s store: an H2 database in a data directory; and what only a directory has. */
class LocalLedgerTest extends AssetLedgerContract {
    private static final String URL = "https://assets.contentstack.io/v3/assets/blt1/blt2/report.pdf";
    private final AtomicInteger directories = new AtomicInteger();
    @TempDir
    Path temp;
    private Path directory;

    @Override
    protected AssetLedger open(MutableClock clock, Duration retention) {
        directory = temp.resolve("data-" + directories.incrementAndGet());
        return LocalLedger.open(directory, retention, clock, JSON);
    }

    @Override
    protected RawRows rawRows() {
        return new H2Rows(LocalLedger.fileUrl(directory));
    }

    @Override
    protected AssetLedger openUnavailable(MutableClock clock, Duration retention) {
        Path elsewhere = temp.resolve("shut-" + directories.incrementAndGet());
        AssetLedger down = LocalLedger.open(elsewhere, retention, clock, JSON);
        new H2Rows(LocalLedger.fileUrl(elsewhere)).shutdown();
        return down;
    }

    @Test
    void open_sameDirectoryAfterClose_keepsRowsAndCheckpoints() throws Exception {
        AssetKey written = newKey();
        AssetKey queued = newKey();
        ScanScope scope = newScope();
        ledger.record(written, Settlement.written(URL, 2));
        ledger.markQueued(queued, QueueSource.RECONCILER);
        ScanCheckpoint checkpoint = new ScanCheckpoint(ScanPosition.at(START, Set.of("blta")), null, START);
        ledger.moveCheckpoint(ledger.checkpoint(scope), checkpoint);
        AssetLookup before = ledger.find(written);
        StoredCheckpoint stored = ledger.checkpoint(scope);
        ledger.close();

        ledger = LocalLedger.open(directory, RETENTION, clock, JSON);

        assertThat(ledger.find(written)).isEqualTo(before);
        assertThat(ledger.find(queued).found().orElseThrow().state()).isEqualTo(AssetState.QUEUED);
        assertThat(ledger.checkpoint(scope)).isEqualTo(stored);
        assertThat(ledger.markQueued(written, QueueSource.RECONCILER).applied()).isFalse();
        assertThat(Files.exists(directory.resolve(LocalLedger.FILE_NAME + ".mv.db"))).isTrue();
    }

    @Test
    void open_rowsThatExpiredWhileClosed_areDeletedFromTheDatabase() throws Exception {
        AssetKey old = newKey();
        ScanScope scope = newScope();
        ledger.record(old, Settlement.deleted(1));
        ledger.moveCheckpoint(ledger.checkpoint(scope), new ScanCheckpoint(null, null, START));
        ledger.close();
        clock.advance(RETENTION.plusHours(1));

        ledger = LocalLedger.open(directory, RETENTION, clock, JSON);

        assertThat(rawRows().readAsset(old)).isEmpty();
        assertThat(rawRows().readCheckpoint(scope)).isEmpty();
        assertThat(ledger.checkpoint(scope)).isEqualTo(StoredCheckpoint.none(scope));
    }

    @Test
    void close_thenAnyCall_isUnreachable() {
        ledger.close();

        assertThatThrownBy(() -> ledger.find(newKey())).isInstanceOfSatisfying(LedgerUnavailableException.class,
                e -> assertThat(e.reason()).isEqualTo(LedgerUnavailableException.Reason.UNREACHABLE));
        assertThatThrownBy(() -> ledger.record(newKey(), Settlement.deleted(0)))
                .isInstanceOf(LedgerUnavailableException.class);
    }

    @Test
    void open_aFileWhereTheDirectoryShouldBe_failsNamingIt() throws Exception {
        Path file = Files.writeString(temp.resolve("not-a-directory"), "x");

        assertThatThrownBy(() -> LocalLedger.open(file, RETENTION, clock, JSON))
                .hasMessageContaining("not-a-directory");
    }

    @Test
    void toString_namesTheDirectory() {
        assertThat(ledger.toString()).contains("h2 database in " + directory.toAbsolutePath().normalize());
    }
}
