package dev.permalinker.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** Each function's environment is checked at synth by the function's own configuration code. */
class FunctionEnvironmentsTest {
    private static PermalinkerStack synth(Map<String, String> context) {
        Map<String, Object> all = new HashMap<>(context);
        all.putIfAbsent("permalinker:apiKeys", "bltstackone000001");
        App app = new App(AppProps.builder().context(all).build());
        return PermalinkerApp.define(app, PermalinkerApp.projectRoot(Path.of("").toAbsolutePath()));
    }

    @Test
    void reconcileGraceZero_acceptedByTheContextParser_failsTheSynthWithTheReconcilersOwnMessage() {
        // PT0S is an ISO-8601 duration the window's parser took; the reconciler refuses it at init.
        assertThatThrownBy(() -> synth(Map.of("permalinker:reconcileGrace", "PT0S")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ReconcilerFunction")
                .hasMessageContaining("reconciler configuration is invalid")
                .hasMessageContaining("RECONCILE_GRACE must be a positive ISO-8601 duration, was PT0S");
    }

    @Test
    void lookbackNotLongerThanGrace_failsTheSynthAsTheReconcilerWouldAtInit() {
        assertThatThrownBy(() -> synth(Map.of("permalinker:reconcileGrace", "PT2H",
                "permalinker:reconcileLookback", "PT1H")))
                .hasMessageContaining("ReconcilerFunction")
                .hasMessageContaining("RECONCILE_LOOKBACK (PT1H) must be longer than RECONCILE_GRACE (PT2H)");
    }

    @Test
    void lookbackNotShorterThanTheLedgersRetention_failsTheSynthAsTheLedgerWouldAtInit() {
        assertThatThrownBy(() -> synth(Map.of("permalinker:reconcileLookback", "P30D")))
                .hasMessageContaining("ReconcilerFunction")
                .hasMessageContaining("LEDGER_RETENTION");
    }

    @Test
    void everyJavaFunction_hasACheck_andTheDefaultsPass() {
        PermalinkerStack stack = synth(Map.of("permalinker:releaseHook", "true",
                "permalinker:eventBusName", "default"));
        Map<String, Map<String, String>> environments = FunctionEnvironments.environments(stack);

        assertThat(environments).containsOnlyKeys("IngestFunction", "WorkerFunction", "ReconcilerFunction",
                "ActionsFunction");
        // Deploy-time values (references in the template) are checked as placeholders of their shape.
        assertThat(environments.get("WorkerFunction")).containsEntry("LEDGER_TABLE",
                        FunctionEnvironments.NAME_PLACEHOLDER)
                .containsEntry("DLQ_URL", FunctionEnvironments.URL_PLACEHOLDER)
                .containsEntry("CS_MANAGEMENTTOKENS_SECRET_ARN", FunctionEnvironments.ARN_PLACEHOLDER)
                .containsEntry("CS_APIKEY", "bltstackone000001");
        assertThat(FunctionEnvironments.checkedHandlers()).hasSize(4);
    }
}
