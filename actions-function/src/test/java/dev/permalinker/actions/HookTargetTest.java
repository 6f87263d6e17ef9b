package dev.permalinker.actions;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.ReleaseAction;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HookTargetTest {
    @Test
    void perform_secretTheJdkRefusesAsAHeader_failedActionWithoutTheSecret() {
        // The configuration refuses such a secret at init; the target must not echo one that got past it anyway.
        HookTarget hook = HookTarget.create(URI.create("http://127.0.0.1:9/hook"), "shh-its\r\nX-Forged: a-secret",
                Duration.ofSeconds(1), JsonCodec.create());
        ReleaseAction action = ReleaseAction.release("blt5d4f1e2a3b6c7d80", "main", "bltrelease0000001", "Black Friday",
                "production", Instant.parse("2026-11-20T09:15:00Z"));

        assertThatThrownBy(() -> hook.perform(action))
                .isInstanceOf(ActionTarget.ActionFailedException.class)
                .hasMessage("hook 127.0.0.1: IllegalArgumentException")
                .hasNoCause();
    }
}
