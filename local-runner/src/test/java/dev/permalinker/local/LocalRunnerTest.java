package dev.permalinker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code serve} without {@code --simulate} starts with a token in any of its documented forms. */
class LocalRunnerTest {

    @Test
    void serve_acceptsEveryDocumentedTokenForm() {
        assertThat(LocalRunner.hasCmaTarget(Map.of("CS_MANAGEMENTTOKEN", "cs1"))).isTrue();
        assertThat(LocalRunner.hasCmaTarget(Map.of("CS_MANAGEMENTTOKENS", "blt1=cs1,blt2=cs2"))).isTrue();
        assertThat(LocalRunner.hasCmaTarget(Map.of("CS_MANAGEMENTTOKENS_SECRET_ARN", "arn:aws:secretsmanager:x")))
                .isTrue();
        assertThat(LocalRunner.hasCmaTarget(Map.of("CS_CMA_URL", "http://127.0.0.1:1"))).isTrue();
    }

    @Test
    void serve_withoutAnyStack_isRefused() {
        assertThat(LocalRunner.hasCmaTarget(Map.of("CS_APIKEY", "blt1", "RELEASE_HOOK_URL", "https://x"))).isFalse();
    }
}
