package dev.permalinker.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.FailureCode;
import dev.permalinker.model.PermalinkJob;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LedgerValuesTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00.500Z");
    private static final AssetKey KEY = new AssetKey("blt1", "main", "blt2");

    @Test
    void assetKey_ofAJob_isItsStackBranchAndUid_andRefusesUnsafeParts() {
        PermalinkJob job = new PermalinkJob(1, "blt1", "develop", "blt9", "a.png", "", "", null, null);

        assertThat(AssetKey.of(job)).isEqualTo(new AssetKey("blt1", "develop", "blt9"));
        assertThat(AssetKey.of(job).scope()).isEqualTo(new ScanScope("blt1", "develop"));
        assertThatThrownBy(() -> new AssetKey("blt1", "main", "a#b")).hasMessageContaining("assetUid");
        assertThatThrownBy(() -> new AssetKey(null, "main", "b")).hasMessageContaining("apiKey");
        assertThatThrownBy(() -> new ScanScope("blt1", "")).hasMessageContaining("branch");
    }

    @Test
    void states_andSources_readBackFromTheirWireValues_andNothingElse() {
        for (AssetState state : AssetState.values()) {
            assertThat(AssetState.fromWire(state.wire())).contains(state);
        }
        for (QueueSource source : QueueSource.values()) {
            assertThat(QueueSource.fromWire(source.wire())).contains(source);
        }
        assertThat(AssetState.fromWire("WRITTEN")).isEmpty();
        assertThat(AssetState.fromWire(null)).isEmpty();
        assertThat(QueueSource.fromWire("backfill")).isEmpty();
        assertThat(AssetState.ALREADY_SET.wire()).isEqualTo("already_set");
        assertThat(AssetState.values()).filteredOn(AssetState::hasPermanentUrl)
                .containsExactly(AssetState.WRITTEN, AssetState.ALREADY_SET);
        assertThat(AssetState.values()).filteredOn(state -> !state.settled()).containsExactly(AssetState.QUEUED);
    }

    @Test
    void assetEntry_refusesRowsThatContradictTheirState() {
        Instant expiry = Instant.parse("2026-03-15T10:00:01Z");
        assertThatThrownBy(() -> new AssetEntry(KEY, AssetState.QUEUED, null, null, null, 0, T, T, expiry))
                .hasMessageContaining("who queued");
        assertThatThrownBy(() -> new AssetEntry(KEY, AssetState.DEAD_LETTERED, null, null, null, 0, T, T, expiry))
                .hasMessageContaining("failure code");
        assertThatThrownBy(() -> new AssetEntry(KEY, AssetState.WRITTEN, null, FailureCode.REJECTED, "u", 0, T, T,
                expiry)).hasMessageContaining("only a dead-lettered");
        assertThatThrownBy(() -> new AssetEntry(KEY, AssetState.ALREADY_SET, null, null, " ", 0, T, T, expiry))
                .hasMessageContaining("permanent URL");
        assertThatThrownBy(() -> new AssetEntry(KEY, AssetState.DELETED, null, null, null, -1, T, T, expiry))
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> new AssetEntry(KEY, AssetState.DELETED, null, null, null, 0, T, T, T))
                .hasMessageContaining("whole seconds");
        assertThat(new AssetEntry(KEY, AssetState.DELETED, null, null, null, 0, T, T, expiry).expiredAt(expiry))
                .isTrue();
    }

    @Test
    void settlement_factories_carryWhatTheirStateNeeds_andQueueingIsNoOutcome() {
        assertThat(Settlement.written("u", 1).state()).isEqualTo(AssetState.WRITTEN);
        assertThat(Settlement.deadLettered(FailureCode.ASSET_DELETED, 2).failure())
                .isEqualTo(FailureCode.ASSET_DELETED);
        assertThatThrownBy(() -> new Settlement(AssetState.QUEUED, null, null, 0))
                .hasMessageContaining("markQueued");
        assertThatThrownBy(() -> Settlement.written(null, 1)).hasMessageContaining("carries the permanent URL");
        assertThatThrownBy(() -> new Settlement(AssetState.DELETED, "u", null, 0)).hasMessageContaining("no permanent");
        assertThatThrownBy(() -> Settlement.deadLettered(null, 1)).hasMessageContaining("failure code");
    }

    @Test
    void scanPosition_cutsBetweenAssetsOfOneInstant_byTheirUids() {
        ScanPosition cut = ScanPosition.at(T, Set.of("blta", "bltb"));

        assertThat(cut.hasOnOlderSide(T.minusMillis(1), "bltz")).isTrue();
        assertThat(cut.hasOnOlderSide(T, "blta")).isTrue();
        assertThat(cut.hasOnOlderSide(T, "bltc")).isFalse();
        assertThat(cut.hasOnOlderSide(T.plusMillis(1), "blta")).isFalse();
        assertThat(ScanPosition.below(T).hasOnOlderSide(T, "blta")).isFalse();
        assertThat(cut.isAtOrAbove(ScanPosition.below(T))).isTrue();
        assertThat(cut.isAtOrAbove(ScanPosition.at(T, Set.of("blta")))).isTrue();
        assertThat(cut.isAtOrAbove(ScanPosition.at(T, Set.of("blta", "bltc")))).isFalse();
        assertThat(ScanPosition.below(T).isAtOrAbove(ScanPosition.below(T.plusMillis(1)))).isFalse();
        assertThat(ScanPosition.below(T.plusMillis(1)).isAtOrAbove(cut)).isTrue();
        assertThat(cut.sortedUids()).containsExactly("blta", "bltb");
    }

    @Test
    void scanPosition_holdsAtMostItsLimitOfSafeUids() {
        Set<String> many = new HashSet<>();
        for (int i = 0; i <= ScanPosition.MAX_UIDS; i++) {
            many.add("blt" + i);
        }

        assertThatThrownBy(() -> ScanPosition.at(T, many)).hasMessageContaining("at most " + ScanPosition.MAX_UIDS);
        assertThatThrownBy(() -> ScanPosition.at(T, Set.of("a b"))).hasMessageContaining("uid");
    }

    @Test
    void scanCheckpoint_allowsMovesUpOnly_andAnyMoveFromNothing() {
        ScanCheckpoint at = new ScanCheckpoint(ScanPosition.at(T, Set.of("blta")), null, null);

        assertThat(new ScanCheckpoint(null, null, null).allowsMoveTo(at)).isTrue();
        assertThat(at.allowsMoveTo(at)).isTrue();
        assertThat(at.allowsMoveTo(new ScanCheckpoint(ScanPosition.below(T.plusSeconds(1)), null, T))).isTrue();
        assertThat(at.allowsMoveTo(new ScanCheckpoint(ScanPosition.below(T), null, null))).isFalse();
        assertThat(at.allowsMoveTo(new ScanCheckpoint(null, null, T))).isFalse();
    }

    @Test
    void unfinishedScan_neverReachesOrSettlesAboveItsTop() {
        ScanPosition top = ScanPosition.below(T);
        ScanPosition lower = ScanPosition.below(T.minusSeconds(60));

        assertThat(new UnfinishedScan(top, lower, lower, false).fullPass()).isFalse();
        assertThatThrownBy(() -> new UnfinishedScan(lower, top, lower, false)).hasMessageContaining("above its top");
        assertThatThrownBy(() -> new UnfinishedScan(lower, lower, top, true)).hasMessageContaining("no further");
    }

    @Test
    void ledgerUnavailable_namesItsReasonFirst() {
        LedgerUnavailableException e = new LedgerUnavailableException(LedgerUnavailableException.Reason.THROTTLED,
                "slow down", null);

        assertThat(e.reason().wire()).isEqualTo("throttled");
        assertThat(e).hasMessage("throttled: slow down");
    }
}
