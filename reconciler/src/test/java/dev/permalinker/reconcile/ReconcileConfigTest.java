package dev.permalinker.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.ConfigException;
import dev.permalinker.model.JsonCodec;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileConfigTest {
    private static final Map<String, String> MINIMAL = Map.of("CS_APIKEY", "bltstack", "CS_MANAGEMENTTOKEN",
            "cs-token-value", "QUEUE_URL", "http://127.0.0.1:9324/000000000000/permalinker-jobs.fifo");

    @Test
    void fromEnv_minimal_takesTheDocumentedDefaults() {
        ReconcileConfig config = ReconcileConfig.fromEnv(MINIMAL);

        assertThat(config.grace()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.lookback()).isEqualTo(Duration.ofHours(24));
        assertThat(config.branches()).containsExactly("main");
        assertThat(config.publicWebhookUrl()).isNull();
        assertThat(config.readRate()).isEqualTo(8.0);
        assertThat(config.tokens().tokenFor("bltstack")).isEqualTo("cs-token-value");
        assertThat(config.toString()).doesNotContain("cs-token-value");
    }

    @Test
    void fromEnv_everything_isRead() {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.putAll(Map.of("CS_APIKEY", "bltone,blttwo", "CS_MANAGEMENTTOKENS", "bltone=t1,blttwo=t2",
                "RECONCILE_GRACE", "PT20M", "RECONCILE_LOOKBACK", "PT48H", "RECONCILE_BRANCHES", "main, development",
                "PUBLIC_WEBHOOK_URL", "https://abc.execute-api.eu-west-1.amazonaws.com/webhooks/contentstack",
                "CS_RATE_LIMIT", "20", "CS_RATE_SHARE", "0.5"));
        env.remove("CS_MANAGEMENTTOKEN");

        ReconcileConfig config = ReconcileConfig.fromEnv(env);

        assertThat(config.apiKeys()).containsExactly("bltone", "blttwo");
        assertThat(config.branches()).containsExactly("main", "development");
        assertThat(config.grace()).isEqualTo(Duration.ofMinutes(20));
        assertThat(config.lookback()).isEqualTo(Duration.ofHours(48));
        assertThat(config.publicWebhookUrl())
                .isEqualTo(URI.create("https://abc.execute-api.eu-west-1.amazonaws.com/webhooks/contentstack"));
        assertThat(config.readRate()).isEqualTo(10.0);
    }

    @Test
    void fromEnv_everyBadVariable_isReportedTogether() {
        Map<String, String> env = Map.of("RECONCILE_GRACE", "fifteen minutes", "RECONCILE_LOOKBACK", "PT10M",
                "RECONCILE_BRANCHES", "main,../etc", "PUBLIC_WEBHOOK_URL", "ftp://example.com", "CS_RATE_SHARE", "2",
                "CS_MANAGEMENTTOKEN", "secret-token-value");

        assertThatThrownBy(() -> ReconcileConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CS_APIKEY is required")
                .hasMessageContaining("RECONCILE_GRACE must be an ISO-8601 duration")
                .hasMessageContaining("RECONCILE_LOOKBACK (PT10M) must be longer than RECONCILE_GRACE (PT15M)")
                .hasMessageContaining("RECONCILE_BRANCHES entries must be branch uids")
                .hasMessageContaining("PUBLIC_WEBHOOK_URL must be an absolute http(s) URL")
                .hasMessageContaining("CS_RATE_SHARE must be a fraction")
                .hasMessageContaining("QUEUE_URL is required")
                .hasMessageNotContaining("secret-token-value");
    }

    @Test
    void withResolvedSecrets_tokensSecretOfSeveralStacks_isAJsonObject() {
        Map<String, String> env = Map.of("CS_APIKEY", "bltone,blttwo", "CS_MANAGEMENTTOKENS_SECRET_ARN",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tokens", "QUEUE_URL", "https://sqs/q.fifo");

        ReconcileConfig config = ReconcileConfig.fromEnv(env).withResolvedSecrets(
                arn -> "{\"bltone\":\"t1\",\"blttwo\":\"t2\"}", JsonCodec.create());

        assertThat(config.tokens().tokenFor("blttwo")).isEqualTo("t2");
        assertThat(config.tokens().missing(List.of("bltone", "blttwo"))).isEmpty();
    }

    @Test
    void withResolvedSecrets_stackWithoutToken_failsNamingTheStack() {
        Map<String, String> env = Map.of("CS_APIKEY", "bltone,blttwo", "CS_MANAGEMENTTOKENS_SECRET_ARN",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tokens", "QUEUE_URL", "https://sqs/q.fifo");

        assertThatThrownBy(() -> ReconcileConfig.fromEnv(env).withResolvedSecrets(arn -> "{\"bltone\":\"t1\"}",
                JsonCodec.create())).hasMessageContaining("no management token for the stack blttwo");
    }
}
