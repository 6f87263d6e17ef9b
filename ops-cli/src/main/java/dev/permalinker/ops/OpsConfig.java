package dev.permalinker.ops;

import dev.permalinker.cma.ManagementTokens;
import dev.permalinker.model.EnvReader;
import dev.permalinker.model.Region;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What the operator CLI reads from the environment; command-line options override it. Nothing is required up
 * front: each command says which value it misses.
 */
public record OpsConfig(String queueUrl, String dlqUrl, List<String> apiKeys, ManagementTokens tokens, Region region,
                        URI cmaUrl, double rateLimit, String sharedSecret, String secretHeader, String basicAuth,
                        String bearerToken, String awsRegion) {

    /** The process environment: the one place the CLI reads it. */
    public static Map<String, String> processEnvironment() {
        return System.getenv();
    }

    public static OpsConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        OpsConfig config = new OpsConfig(
                reader.optional("QUEUE_URL").orElse(null),
                reader.optional("DLQ_URL").orElse(null),
                reader.list("CS_APIKEY"),
                ManagementTokens.fromEnv(reader, reader.list("CS_APIKEY")),
                reader.parsed("CS_REGION", Region.NA, Region::parse),
                reader.url("CS_CMA_URL"),
                reader.decimal("CS_RATE_LIMIT", 10, 0),
                reader.headerSecret("CS_SECRET").orElse(null),
                reader.string("CS_SECRET_HEADER", "secret"),
                reader.headerSecret("CS_BASIC_AUTH").orElse(null),
                reader.headerSecret("CS_BEARER_TOKEN").orElse(null),
                reader.optional("AWS_REGION").or(() -> reader.optional("AWS_DEFAULT_REGION")).orElse(null));
        reader.throwIfProblems("permalinker-ops configuration");
        return config;
    }

    public URI cmaBaseUrl() {
        return cmaUrl != null ? cmaUrl : region.cmaBaseUrl();
    }

    @Override
    public String toString() {
        return "OpsConfig[queueUrl=" + queueUrl + ", dlqUrl=" + dlqUrl + ", apiKeys=" + apiKeys
                + ", tokens=" + (tokens == null ? "unset" : tokens) + ", cma=" + cmaBaseUrl() + "]";
    }
}
