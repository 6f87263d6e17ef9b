package dev.permalinker.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionsConfigTest {
    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("ACTIONS_QUEUE_URL", "http://127.0.0.1:9324/000000000000/permalinker-actions.fifo");
        env.put("ACTIONS_DLQ_URL", "http://127.0.0.1:9324/000000000000/permalinker-actions-dlq.fifo");
        env.put("RELEASE_HOOK_URL", "https://api.netlify.com/build_hooks/secret-hook-id");
        env.put("RELEASE_HOOK_SECRET", "shh-its-a-secret");
        return env;
    }

    @Test
    void fromEnv_defaults() {
        ActionsConfig config = ActionsConfig.fromEnv(env());

        assertThat(config.debounce()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.hookTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxAttempts()).isEqualTo(5);
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.eventBusName()).isNull();
    }

    @Test
    void toString_neitherTheHookPathNorTheSecret() {
        assertThat(ActionsConfig.fromEnv(env()).toString()).contains("api.netlify.com")
                .doesNotContain("secret-hook-id").doesNotContain("shh-its-a-secret");
    }

    @Test
    void fromEnv_hookNotHttp_everyProblemAtOnceWithoutTheValue() {
        Map<String, String> env = env();
        env.put("RELEASE_HOOK_URL", "ftp://hooks.example.com/secret-hook-id");
        env.put("RELEASE_DEBOUNCE", "sixty seconds");
        env.remove("ACTIONS_DLQ_URL");

        assertThatThrownBy(() -> ActionsConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("RELEASE_HOOK_URL must be an absolute http(s) URL")
                .hasMessageContaining("RELEASE_DEBOUNCE").hasMessageContaining("ACTIONS_DLQ_URL is required")
                .hasMessageNotContaining("secret-hook-id");
    }

    @Test
    void fromEnv_noTarget_refused() {
        Map<String, String> env = env();
        env.remove("RELEASE_HOOK_URL");

        assertThatThrownBy(() -> ActionsConfig.fromEnv(env)).hasMessageContaining("RELEASE_HOOK_URL or EVENT_BUS_NAME");
        env.put("EVENT_BUS_NAME", "default");
        assertThat(ActionsConfig.fromEnv(env).hookUrl()).isNull();
    }
    @Test
    void fromEnv_hookSecretWithALineBreakOrAZeroWidthSpaceInside_refusedNamingTheVariableNeverTheValue() {
        for (String bad : new String[] {"shh-its\r\na-secret", "shh-its\u200Ba-secret"}) {
            Map<String, String> env = env();
            env.put("RELEASE_HOOK_SECRET", bad);

            assertThatThrownBy(() -> ActionsConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("RELEASE_HOOK_SECRET holds a ")
                    .hasMessageNotContaining("shh-its").hasMessageNotContaining("a-secret");
        }
    }

    @Test
    void fromEnvAndWithResolvedSecrets_hookSecretWithATrailingNewline_trimmed() {
        Map<String, String> env = env();
        env.put("RELEASE_HOOK_SECRET", "shh-its-a-secret\n");
        assertThat(ActionsConfig.fromEnv(env).hookSecret()).isEqualTo("shh-its-a-secret");

        env.remove("RELEASE_HOOK_SECRET");
        env.put("RELEASE_HOOK_SECRET_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook-AbCdEf");
        assertThat(ActionsConfig.fromEnv(env).withResolvedSecrets(arn -> "shh-its-a-secret\r\n").hookSecret())
                .isEqualTo("shh-its-a-secret");
    }

    @Test
    void withResolvedSecrets_hookSecretWithAZeroWidthSpaceOrControlCharacter_refusedNamingTheArnNeverTheValue() {
        Map<String, String> env = env();
        env.remove("RELEASE_HOOK_SECRET");
        String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook-AbCdEf";
        env.put("RELEASE_HOOK_SECRET_SECRET_ARN", arn);
        ActionsConfig config = ActionsConfig.fromEnv(env);

        for (String bad : new String[] {"shh-its\u200Ba-secret", "shh-its\u0000a-secret"}) {
            assertThatThrownBy(() -> config.withResolvedSecrets(unused -> bad)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("RELEASE_HOOK_SECRET_SECRET_ARN (" + arn + ") holds a ")
                    .hasMessageNotContaining("shh-its").hasMessageNotContaining("a-secret");
        }
    }
}
