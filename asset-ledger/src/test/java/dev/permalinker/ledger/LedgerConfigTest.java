package dev.permalinker.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerConfigTest {

    @Test
    void fromEnv_nothingSet_isNoTableAndTheDefaultRetention() {
        LedgerConfig config = LedgerConfig.fromEnv(Map.of());

        assertThat(config.tableName()).isNull();
        assertThat(config.retention()).isEqualTo(LedgerConfig.DEFAULT_RETENTION).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void fromEnv_tableAndRetention_areRead() {
        LedgerConfig config = LedgerConfig.fromEnv(Map.of("LEDGER_TABLE", "permalinker-ledger",
                "LEDGER_RETENTION", "P3D", "RECONCILE_LOOKBACK", "PT48H"));

        assertThat(config).isEqualTo(new LedgerConfig("permalinker-ledger", Duration.ofDays(3)));
    }

    @Test
    void fromEnv_retentionNotLongerThanTheLookback_isReportedWithEveryOtherProblem() {
        assertThatThrownBy(() -> LedgerConfig.fromEnv(Map.of("LEDGER_TABLE", "a b", "LEDGER_RETENTION", "P2D",
                "RECONCILE_LOOKBACK", "P2D")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("LEDGER_TABLE")
                .hasMessageContaining("LEDGER_RETENTION (PT48H) must be longer than the reconciler's lookback");
        assertThatThrownBy(() -> LedgerConfig.fromEnv(Map.of("LEDGER_RETENTION", "PT12H")))
                .hasMessageContaining("longer than the reconciler's lookback (PT24H)");
        assertThatThrownBy(() -> LedgerConfig.fromEnv(Map.of("LEDGER_RETENTION", "soon")))
                .hasMessageContaining("LEDGER_RETENTION must be an ISO-8601 duration");
    }
}
