package dev.permalinker.worker;

import dev.permalinker.cma.ManagementTokens;
import dev.permalinker.cma.RateShare;
import dev.permalinker.model.EnvReader;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.Region;
import dev.permalinker.model.SecretResolver;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The worker's configuration, parsed once from the environment; every bad variable is reported together.
 *
 * @param apiKeys        the stacks served ({@code CS_APIKEY}); each needs a management token
 * @param managementTokens {@code CS_MANAGEMENTTOKEN} (one stack) or {@code CS_MANAGEMENTTOKENS}
 *                       ({@code apiKey=token,…}); {@code null} until resolved when given as a secret ARN
 * @param rateLimit      the organisation's CMA limit, requests per second ({@code CS_RATE_LIMIT})
 * @param rateShare      the part of it this deployment may use ({@code CS_RATE_SHARE})
 * @param maxConcurrency the event source mapping's maximum concurrency; each container takes
 *                       {@code rateLimit / maxConcurrency}
 * @param assetHost      {@code CS_ASSET_HOST}: the permanent URLs' host instead of the region's delivery hosts
 * @param cmaTimeout     the longest one CMA request may take ({@code CS_CMA_TIMEOUT}, default 10 s)
 * @param groupParallelism message groups of one batch worked on at once ({@code WORKER_GROUP_PARALLELISM},
 *                       default 4); the rate limiter paces them all
 */
public record WorkerConfig(
        List<String> apiKeys,
        ManagementTokens managementTokens,
        String managementTokenArn,
        String managementTokensArn,
        Region region,
        URI cmaUrl,
        String assetHost,
        double rateLimit,
        double rateShare,
        int maxConcurrency,
        Duration cmaTimeout,
        int groupParallelism,
        String dlqUrl,
        URI sqsEndpoint,
        String awsRegion) {

    public static WorkerConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        List<String> apiKeys = reader.list("CS_APIKEY");
        String tokenArn = reader.optional("CS_MANAGEMENTTOKEN_SECRET_ARN").orElse(null);
        String tokensArn = reader.optional("CS_MANAGEMENTTOKENS_SECRET_ARN").orElse(null);
        ManagementTokens tokens = ManagementTokens.requiredFromEnv(reader, apiKeys, "a management token is required: "
                + "CS_MANAGEMENTTOKEN (one stack), CS_MANAGEMENTTOKENS (apiKey=token,…) or their *_SECRET_ARN");
        WorkerConfig config = new WorkerConfig(
                apiKeys,
                tokens,
                tokenArn,
                tokensArn,
                reader.parsed("CS_REGION", Region.NA, Region::parse),
                reader.url("CS_CMA_URL"),
                reader.parsed("CS_ASSET_HOST", null, WorkerConfig::assetHost),
                reader.decimal("CS_RATE_LIMIT", 10, 0),
                RateShare.fromEnv(reader),
                reader.integer("WORKER_MAX_CONCURRENCY", 2, 1, 1000),
                reader.duration("CS_CMA_TIMEOUT", Duration.ofSeconds(10)),
                reader.integer("WORKER_GROUP_PARALLELISM", 4, 1, 10),
                reader.required("DLQ_URL"),
                reader.url("SQS_ENDPOINT"),
                reader.string("AWS_REGION", "us-east-1"));
        reader.throwIfProblems("worker configuration");
        return config;
    }

    /** The CMA base URL: {@code CS_CMA_URL} when given, else the region's. */
    public URI cmaBaseUrl() {
        return cmaUrl != null ? cmaUrl : region.cmaBaseUrl();
    }

    /** The share of the organisation's CMA limit this deployment plans to use by default: {@link RateShare#DEFAULT}. */
    public static final double DEFAULT_RATE_SHARE = RateShare.DEFAULT;

    /** This container's ceiling: its part of this deployment's share of the organisation's CMA rate. */
    public double containerRate() {
        return rateLimit * rateShare / maxConcurrency;
    }

    /** The management tokens; present once secrets are resolved. */
    public ManagementTokens tokens() {
        if (managementTokens == null) {
            throw new IllegalStateException("management tokens are not resolved yet");
        }
        return managementTokens;
    }

    /** This configuration with the token secrets read; the secret of several stacks is a JSON object. */
    public WorkerConfig withResolvedSecrets(SecretResolver resolver, JsonCodec json) {
        if (managementTokens != null) {
            return this;
        }
        ManagementTokens resolved = ManagementTokens.fromSecret(apiKeys, managementTokenArn, managementTokensArn,
                resolver, json, "worker configuration");
        return new WorkerConfig(apiKeys, resolved, managementTokenArn, managementTokensArn, region, cmaUrl, assetHost,
                rateLimit, rateShare, maxConcurrency, cmaTimeout, groupParallelism, dlqUrl, sqsEndpoint, awsRegion);
    }

    /** A host name (and port), as it goes into {@code https://{host}/v3/assets/…}: a custom delivery domain. */
    static String assetHost(String value) {
        if (!value.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?")) {
            throw new IllegalArgumentException("must be a host name such as assets.example.com, no scheme or path");
        }
        return value;
    }

    @Override
    public String toString() {
        return "WorkerConfig[stacks=" + apiKeys + ", tokens=" + (managementTokens != null ? managementTokens
                : "from secret") + ", cma=" + cmaBaseUrl() + ", assetHost=" + assetHost + ", rateLimit=" + rateLimit
                + ", rateShare=" + rateShare + ", maxConcurrency=" + maxConcurrency + ", cmaTimeout=" + cmaTimeout
                + ", groupParallelism=" + groupParallelism + ", dlqUrl=" + dlqUrl + ", sqsEndpoint=" + sqsEndpoint
                + ", awsRegion=" + awsRegion + "]";
    }
}
