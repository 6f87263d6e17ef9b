package dev.permalinker.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.ConfigException;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.Region;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("DLQ_URL", "http://127.0.0.1:9324/000000000000/dlq.fifo");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void fromEnv_defaults() {
        WorkerConfig config = WorkerConfig.fromEnv(env("CS_MANAGEMENTTOKEN", "cs-token"));

        assertThat(config.region()).isEqualTo(Region.NA);
        assertThat(config.cmaBaseUrl()).isEqualTo(URI.create("https://api.contentstack.io"));
        assertThat(config.cma().rateLimit()).isEqualTo(10);
        assertThat(config.cma().rateShare()).isEqualTo(0.8);
        assertThat(config.maxConcurrency()).isEqualTo(2);
        assertThat(config.cmaTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.groupParallelism()).isEqualTo(4);
        assertThat(config.tokens().tokenFor("anystack")).isEqualTo("cs-token");
    }

    @Test
    void fromEnv_severalStacks_tokenPerStack() {
        WorkerConfig config = WorkerConfig.fromEnv(env("CS_APIKEY", "bltone,blttwo",
                "CS_MANAGEMENTTOKENS", "bltone=cs-1,blttwo=cs-2", "CS_REGION", "azure-eu"));

        assertThat(config.tokens().tokenFor("blttwo")).isEqualTo("cs-2");
        assertThat(config.cmaBaseUrl().getHost()).isEqualTo("azure-eu-api.contentstack.com");
    }

    @Test
    void fromEnv_severalStacksOneToken_refusedAsATokenBelongsToOneStack() {
        assertThatThrownBy(() -> WorkerConfig.fromEnv(env("CS_APIKEY", "bltone,blttwo",
                "CS_MANAGEMENTTOKEN", "cs-token")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CS_MANAGEMENTTOKENS")
                .hasMessageNotContaining("cs-token");
    }

    @Test
    void fromEnv_stackWithoutToken_namedAndEveryProblemReportedTogether() {
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("CS_APIKEY", "bltone,blttwo",
                "CS_MANAGEMENTTOKENS", "bltone=cs-1", "CS_RATE_LIMIT", "fast", "WORKER_MAX_CONCURRENCY", "0")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(4)
                        .anyMatch(p -> p.contains("blttwo")).anyMatch(p -> p.contains("DLQ_URL"))
                        .anyMatch(p -> p.contains("CS_RATE_LIMIT")).anyMatch(p -> p.contains("WORKER_MAX_CONCURRENCY")))
                .hasMessageNotContaining("cs-1");
    }

    @Test
    void withResolvedSecrets_jsonObjectOfTokens() {
        WorkerConfig config = WorkerConfig.fromEnv(env("CS_APIKEY", "bltone",
                "CS_MANAGEMENTTOKENS_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:tokens"));

        WorkerConfig resolved = config.withResolvedSecrets(arn -> "{\"bltone\":\"cs-1\"}", JsonCodec.create());

        assertThat(resolved.tokens().tokenFor("bltone")).isEqualTo("cs-1");
        assertThatThrownBy(() -> config.withResolvedSecrets(arn -> "{\"bltother\":\"cs-1\"}", JsonCodec.create()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bltone").hasMessageNotContaining("cs-1");
    }

    @Test
    void containerRate_theShareOfEachContainer() {
        assertThat(WorkerConfig.fromEnv(env("CS_MANAGEMENTTOKEN", "t", "CS_RATE_LIMIT", "10",
                "WORKER_MAX_CONCURRENCY", "4")).containerRate()).isEqualTo(2.0);
        assertThat(WorkerConfig.fromEnv(env("CS_MANAGEMENTTOKEN", "t", "CS_RATE_LIMIT", "10", "CS_RATE_SHARE", "1",
                "WORKER_MAX_CONCURRENCY", "4")).containerRate()).isEqualTo(2.5);
        assertThatThrownBy(() -> WorkerConfig.fromEnv(env("CS_MANAGEMENTTOKEN", "t", "CS_RATE_SHARE", "1.5")))
                .hasMessageContaining("CS_RATE_SHARE");
    }

    @Test
    void toString_neverShowsATokens() {
        assertThat(WorkerConfig.fromEnv(env("CS_MANAGEMENTTOKENS", "bltone=cs-secret-1")).toString())
                .doesNotContain("cs-secret-1");
    }
}
