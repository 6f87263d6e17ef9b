package dev.permalinker.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.ingest.verify.WebhookAuthentication;
import dev.permalinker.model.ConfigException;
import dev.permalinker.model.JsonCodec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IngestConfigTest {
    @Test
    void fromEnv_defaults_matchContract() {
        IngestConfig config = IngestConfig.fromEnv(TestWebhooks.env());
        assertThat(config.secretHeader()).isEqualTo("secret");
        assertThat(config.signatureMethod()).isEqualTo(IngestConfig.SignatureMethod.CERTIFICATE);
        assertThat(config.region()).isEqualTo(dev.permalinker.model.Region.NA);
        assertThat(config.signingKeyUrl()).hasToString("https://app.contentstack.com/.well-known/public-keys.json");
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
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(5))
                .hasMessageContaining("CS_APIKEY")
                .hasMessageContaining("CS_REPLAY_WINDOW")
                .hasMessageContaining("MAX_BODY_BYTES")
                .hasMessageContaining("QUEUE_URL")
                .hasMessageContaining("SQS_ENDPOINT");
    }

    @Test
    void fromEnv_secretArnOnly_countsAsAuthentication() {
        Map<String, String> env = new java.util.HashMap<>(TestWebhooks.env());
        env.remove("CS_SECRET");
        env.put("CS_SIGNATURE_METHOD", "none");
        env.put("CS_SECRET_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:webhook-AbCdEf");

        IngestConfig config = IngestConfig.fromEnv(env).withResolvedSecrets(arn -> "from-secrets-manager");

        assertThat(config.sharedSecret()).isEqualTo("from-secrets-manager");
        assertThat(WebhookAuthentication.verifiers(config, JsonCodec.create(), TestWebhooks.CLOCK)).hasSize(1);
    }

    @Test
    void toString_leavesSecretsOut() {
        Map<String, String> env = new java.util.HashMap<>(TestWebhooks.env());
        env.put("CS_BASIC_AUTH", "user:basic-password");
        env.put("CS_SIGNATURE_METHOD", "hmac");
        env.put("CS_HMAC_SECRETS", TestWebhooks.HMAC_KEY);
        String text = IngestConfig.fromEnv(env).toString();
        assertThat(text).doesNotContain(TestWebhooks.SECRET).doesNotContain(TestWebhooks.HMAC_KEY)
                .doesNotContain("basic-password").contains("basicAuth=on").contains("signature=hmac");
    }

    @Test
    void fromEnv_removedVariables_failNamingTheReplacementNeverTheValue() {
        Map<String, String> env = new java.util.HashMap<>(TestWebhooks.env());
        env.put("CS_SIGNING_SECRETS", "legacy-secret-value");
        env.put("CS_SIGNATURE_HEADER", "X-Contentstack-Signature");

        assertThatThrownBy(() -> IngestConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("CS_SIGNING_SECRETS is no longer supported")
                .hasMessageContaining("CS_SIGNATURE_METHOD=hmac with CS_HMAC_SECRETS")
                .hasMessageContaining("CS_SIGNATURE_HEADER is no longer supported")
                .hasMessageNotContaining("legacy-secret-value");
    }

    @Test
    void fromEnv_methodNoneAlone_refusedHmacWithoutKeysRefused() {
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("CS_APIKEY", "blt1", "QUEUE_URL", "q",
                "CS_SIGNATURE_METHOD", "none"))).hasMessageContaining("needs another authentication method");
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("CS_APIKEY", "blt1", "QUEUE_URL", "q",
                "CS_SIGNATURE_METHOD", "hmac"))).hasMessageContaining("CS_HMAC_SECRETS");
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("CS_APIKEY", "blt1", "QUEUE_URL", "q",
                "CS_SIGNATURE_METHOD", "rsa"))).hasMessageContaining("CS_SIGNATURE_METHOD");
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("CS_APIKEY", "blt1", "QUEUE_URL", "q",
                "CS_BASIC_AUTH", "u:p", "CS_BEARER_TOKEN", "t"))).hasMessageContaining("Authorization header");
    }

    @Test
    void fromEnv_regionChoosesTheSigningKeyUrl() {
        Map<String, String> env = new java.util.HashMap<>(TestWebhooks.env());
        env.remove("CS_SIGNING_PUBLIC_KEY");
        env.put("CS_REGION", "gcp-eu");

        assertThat(IngestConfig.fromEnv(env).signingKeyUrl())
                .hasToString("https://gcp-eu-app.contentstack.com/.well-known/public-keys.json");
    }

    @Test
    void withResolvedSecrets_hmacKeysFromASecret_severalDuringARotation() {
        Map<String, String> env = new java.util.HashMap<>(TestWebhooks.env());
        env.put("CS_SIGNATURE_METHOD", "hmac");
        env.put("CS_HMAC_SECRETS_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hmac-AbCdEf");

        IngestConfig config = IngestConfig.fromEnv(env).withResolvedSecrets(arn -> " new-key , old-key ");

        assertThat(config.hmacSecrets()).containsExactly("new-key", "old-key");
    }
    @ParameterizedTest
    @ValueSource(strings = {"CS_SECRET", "CS_BEARER_TOKEN", "CS_BASIC_AUTH", "CS_HMAC_SECRETS"})
    void fromEnv_headerSecretWithALineBreakOrAZeroWidthSpaceInside_refusedNamingTheVariableNeverTheValue(
            String variable) {
        for (String bad : new String[] {"user:Qx7\nZk-9f8e7d", "user:Qx7\u200BZk-9f8e7d"}) {
            Map<String, String> env = new java.util.HashMap<>(TestWebhooks.env());
            env.remove("CS_SECRET");
            env.put("CS_SIGNATURE_METHOD", variable.equals("CS_HMAC_SECRETS") ? "hmac" : "none");
            env.put(variable, bad);

            assertThatThrownBy(() -> IngestConfig.fromEnv(env))
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(1))
                    .hasMessageContaining(variable)
                    .hasMessageContaining(" holds a ")
                    .hasMessageNotContaining("Qx7")
                    .hasMessageNotContaining("Zk-9f8e7d");
        }
    }

    @Test
    void fromEnv_headerSecretsWithSurroundingWhiteSpace_trimmed() {
        Map<String, String> env = new java.util.HashMap<>(TestWebhooks.env());
        env.put("CS_SECRET", " s3cr3t\r\n");
        env.put("CS_BEARER_TOKEN", "\ttok-1\n");
        env.put("CS_HMAC_SECRETS", "key-1\n, key-2\r\n");

        IngestConfig config = IngestConfig.fromEnv(env);

        assertThat(config.sharedSecret()).isEqualTo("s3cr3t");
        assertThat(config.bearerToken()).isEqualTo("tok-1");
        assertThat(config.hmacSecrets()).containsExactly("key-1", "key-2");
    }

    @Test
    void fromEnv_secretHeaderThatIsNoHeaderName_refused() {
        Map<String, String> env = new java.util.HashMap<>(TestWebhooks.env());
        env.put("CS_SECRET_HEADER", "x secret");

        assertThatThrownBy(() -> IngestConfig.fromEnv(env)).hasMessageContaining("CS_SECRET_HEADER must be an HTTP "
                + "header name");
    }

    @Test
    void withResolvedSecrets_secretsWithTrailingNewlines_trimmed() {
        Map<String, String> env = new java.util.HashMap<>(TestWebhooks.env());
        env.remove("CS_SECRET");
        env.put("CS_SECRET_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:header-AbCdEf");
        env.put("CS_SIGNATURE_METHOD", "hmac");
        env.put("CS_HMAC_SECRETS_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hmac-AbCdEf");
        Map<String, String> secrets = Map.of(env.get("CS_SECRET_SECRET_ARN"), "s3cr3t\n",
                env.get("CS_HMAC_SECRETS_SECRET_ARN"), "new-key\r\n,old-key\n");

        IngestConfig config = IngestConfig.fromEnv(env).withResolvedSecrets(secrets::get);

        assertThat(config.sharedSecret()).isEqualTo("s3cr3t");
        assertThat(config.hmacSecrets()).containsExactly("new-key", "old-key");
    }

    @Test
    void withResolvedSecrets_secretsWithAControlOrZeroWidthCharacterInside_refusedNamingTheArnNeverTheValue() {
        Map<String, String> env = new java.util.HashMap<>(TestWebhooks.env());
        env.remove("CS_SECRET");
        String headerArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:header-AbCdEf";
        String hmacArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hmac-AbCdEf";
        env.put("CS_SECRET_SECRET_ARN", headerArn);
        env.put("CS_SIGNATURE_METHOD", "hmac");
        env.put("CS_HMAC_SECRETS_SECRET_ARN", hmacArn);
        Map<String, String> secrets = Map.of(headerArn, "s3cr3t\u200Bheader", hmacArn, "good-key,hm\u0000ac-key");
        IngestConfig config = IngestConfig.fromEnv(env);

        assertThatThrownBy(() -> config.withResolvedSecrets(secrets::get))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(2))
                .hasMessageContaining("CS_SECRET_SECRET_ARN (" + headerArn + ") holds a non-ASCII character")
                .hasMessageContaining("CS_HMAC_SECRETS_SECRET_ARN (" + hmacArn + "), key 2 of 2 holds a control")
                .hasMessageNotContaining("s3cr3t")
                .hasMessageNotContaining("good-key")
                .hasMessageNotContaining("ac-key");
    }
}
