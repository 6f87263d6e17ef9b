package dev.permalinker.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
    void fromEnv_timesDefaults_maxWaitFifteenMinutesOrTheLongerDebounce() {
        assertThat(ActionsConfig.fromEnv(env()).maxWait()).isEqualTo(Duration.ofMinutes(15));
        Map<String, String> env = env();
        env.put("RELEASE_DEBOUNCE", "PT1H");
        assertThat(ActionsConfig.fromEnv(env).maxWait()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void fromEnv_maxWaitShorterThanTheDebounceOrBeyondAHold_refused() {
        for (String maxWait : List.of("PT30S", "PT12H1S", "P1D")) {
            Map<String, String> env = env();
            env.put("RELEASE_MAX_WAIT", maxWait);
            assertThatThrownBy(() -> ActionsConfig.fromEnv(env)).as(maxWait).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("RELEASE_MAX_WAIT");
        }
    }

    @Test
    void fromEnv_hookTimeoutAboveThirtySeconds_refused() {
        Map<String, String> env = env();
        env.put("RELEASE_HOOK_TIMEOUT", "PT31S");

        assertThatThrownBy(() -> ActionsConfig.fromEnv(env)).hasMessageContaining("RELEASE_HOOK_TIMEOUT must be at "
                + "most PT30S");
        env.put("RELEASE_HOOK_TIMEOUT", "PT30S");
        assertThat(ActionsConfig.fromEnv(env).hookTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void fromEnv_oneActionDoesNotFitTheFunctionTimeout_refused() {
        Map<String, String> env = env();
        env.put("EVENT_BUS_NAME", "default");
        // hook 10 s + PutEvents 12 s + one SQS call 5 s + margin 2 s = 29 s
        env.put("FUNCTION_TIMEOUT", "PT28S");

        assertThatThrownBy(() -> ActionsConfig.fromEnv(env)).hasMessageContaining("FUNCTION_TIMEOUT is PT28S")
                .hasMessageContaining("one release action needs PT29S");
        env.put("FUNCTION_TIMEOUT", "PT29S");
        assertThat(ActionsConfig.fromEnv(env).timings().functionTimeout()).isEqualTo(Duration.ofSeconds(29));
    }

    @Test
    void fromEnv_hookUrlAndItsSecretBoth_refused() {
        Map<String, String> env = env();
        env.put("RELEASE_HOOK_URL_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook-AbCdEf");

        assertThatThrownBy(() -> ActionsConfig.fromEnv(env)).hasMessageContaining("not both");
    }

    @Test
    void withResolvedSecrets_hookUrlSecret_readOnceTrimmedNeverShown() {
        String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook-AbCdEf";
        Map<String, String> env = env();
        env.remove("RELEASE_HOOK_URL");
        env.put("RELEASE_HOOK_URL_SECRET_ARN", arn);
        ActionsConfig config = ActionsConfig.fromEnv(env);
        List<String> reads = new ArrayList<>();

        ActionsConfig resolved = config.withResolvedSecrets(secretArn -> {
            reads.add(secretArn);
            return "https://api.netlify.com/build_hooks/secret-hook-id\n";
        });

        assertThat(reads).containsExactly(arn);
        assertThat(resolved.hookUrl()).hasToString("https://api.netlify.com/build_hooks/secret-hook-id");
        assertThat(resolved.toString()).doesNotContain("secret-hook-id");
        assertThat(config.hookEnabled()).isTrue();
    }

    @Test
    void withResolvedSecrets_hookUrlSecretStillItsPlaceholder_refusedNamingTheSecretNotTheValue() {
        String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook-AbCdEf";
        Map<String, String> env = env();
        env.remove("RELEASE_HOOK_URL");
        env.put("RELEASE_HOOK_URL_SECRET_ARN", arn);
        ActionsConfig config = ActionsConfig.fromEnv(env);

        assertThatThrownBy(() -> config.withResolvedSecrets(secretArn -> "Xq3Zr8PlaceholderVw1Lm"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(arn)
                .hasMessageNotContaining("Xq3Zr8PlaceholderVw1Lm");
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
