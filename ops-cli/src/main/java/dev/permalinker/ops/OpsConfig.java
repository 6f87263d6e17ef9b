package dev.permalinker.ops;

import dev.permalinker.cma.CmaSettings;
import dev.permalinker.cma.ManagementTokens;
import dev.permalinker.model.EnvReader;
import dev.permalinker.model.Region;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What the operator CLI reads from the environment; command-line options override it. Nothing is required up
 * front: each command says which value it misses.
 *
 * @param cma the CMA settings the functions read the same way ({@code CS_*}); tokens optional, never from a secret
 */
public record OpsConfig(String queueUrl, String dlqUrl, CmaSettings cma, String sharedSecret, String secretHeader,
                        String basicAuth, String bearerToken, String awsRegion) {

    /** The process environment: the one place the CLI reads it. */
    public static Map<String, String> processEnvironment() {
        return System.getenv();
    }

    public static OpsConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        OpsConfig config = new OpsConfig(
                reader.optional("QUEUE_URL").orElse(null),
                reader.optional("DLQ_URL").orElse(null),
                CmaSettings.optionalTokensFromEnv(reader),
                reader.headerSecret("CS_SECRET").orElse(null),
                reader.string("CS_SECRET_HEADER", "secret"),
                reader.headerSecret("CS_BASIC_AUTH").orElse(null),
                reader.headerSecret("CS_BEARER_TOKEN").orElse(null),
                reader.optional("AWS_REGION").or(() -> reader.optional("AWS_DEFAULT_REGION")).orElse(null));
        reader.throwIfProblems("permalinker-ops configuration");
        return config;
    }

    public List<String> apiKeys() {
        return cma.apiKeys();
    }

    /** The management tokens, or {@code null} when none is set. */
    public ManagementTokens tokens() {
        return cma.managementTokens();
    }

    public Region region() {
        return cma.region();
    }

    public URI cmaBaseUrl() {
        return cma.baseUrl();
    }

    public double rateLimit() {
        return cma.rateLimit();
    }

    @Override
    public String toString() {
        return "OpsConfig[queueUrl=" + queueUrl + ", dlqUrl=" + dlqUrl + ", " + cma + "]";
    }
}
