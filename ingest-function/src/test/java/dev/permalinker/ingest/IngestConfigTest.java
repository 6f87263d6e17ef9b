package dev.permalinker.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {
    @Test
    void fromEnv_defaults_matchContract() {
        IngestConfig config = IngestConfig.fromEnv(TestWebhooks.env());
        assertThat(config.secretHeader()).isEqualTo("secret");
        assertThat(config.signatureHeader()).isEqualTo("X-Contentstack-Signature");
        assertThat(config.replayWindow()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.maxBodyBytes()).isEqualTo(262_144);
        assertThat(config.apiKeys()).containsExactlyInAnyOrder(TestWebhooks.API_KEY, "bltanotherstack0001");
    }

    @Test
    void fromEnv_severalBadVariables_reportsAllAtOnce() {
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of(
                "CS_REPLAY_WINDOW", "30 minutes",
                "MAX_BODY_BYTES", "lots",
                "SQS_ENDPOINT", "not a url")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(6))
                .hasMessageContaining("CS_APIKEY")
                .hasMessageContaining("no webhook authentication")
                .hasMessageContaining("CS_REPLAY_WINDOW")
                .hasMessageContaining("MAX_BODY_BYTES")
                .hasMessageContaining("QUEUE_URL")
                .hasMessageContaining("SQS_ENDPOINT");
    }

    @Test
    void fromEnv_secretArnOnly_countsAsAuthentication() {
        Map<String, String> env = new java.util.HashMap<>(TestWebhooks.env());
        env.remove("CS_SECRET");
        env.remove("CS_SIGNING_SECRETS");
        env.put("CS_SECRET_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:webhook-AbCdEf");

        IngestConfig config = IngestConfig.fromEnv(env).withResolvedSecrets(arn -> "from-secrets-manager");

        assertThat(config.sharedSecret()).isEqualTo("from-secrets-manager");
        assertThat(IngestService.verifiers(config)).hasSize(1);
    }

    @Test
    void toString_leavesSecretsOut() {
        Map<String, String> env = new java.util.HashMap<>(TestWebhooks.env());
        env.put("CS_BASIC_AUTH", "user:basic-password");
        String text = IngestConfig.fromEnv(env).toString();
        assertThat(text).doesNotContain(TestWebhooks.SECRET).doesNotContain(TestWebhooks.SIGNING_KEY)
                .doesNotContain("basic-password").contains("basicAuth=on");
    }
}
