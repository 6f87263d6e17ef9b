package dev.permalinker.worker;

import dev.permalinker.model.EnvReader;
import dev.permalinker.model.Region;
import dev.permalinker.model.SecretResolver;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The worker's configuration, parsed once from the environment; every bad variable is reported together.
 *
 * @param rateLimit      CMA writes per second for the whole deployment ({@code CS_RATE_LIMIT})
 * @param maxConcurrency the event source mapping's maximum concurrency; each container takes
 *                       {@code rateLimit / maxConcurrency}
 * @param cmaTimeout     the longest one CMA request may take ({@code CS_CMA_TIMEOUT}, default 10 s)
 * @param groupParallelism message groups of one batch worked on at once ({@code WORKER_GROUP_PARALLELISM},
 *                       default 4); the rate limiter paces them all
 */
public record WorkerConfig(
        String managementToken,
        String managementTokenArn,
        Region region,
        URI cmaUrl,
        double rateLimit,
        int maxConcurrency,
        Duration cmaTimeout,
        int groupParallelism,
        String dlqUrl,
        URI sqsEndpoint,
        String awsRegion) {

    public static WorkerConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        String token = reader.optional("CS_MANAGEMENTTOKEN").orElse(null);
        String tokenArn = reader.optional("CS_MANAGEMENTTOKEN_SECRET_ARN").orElse(null);
        if (token == null && tokenArn == null) {
            reader.problem("CS_MANAGEMENTTOKEN or CS_MANAGEMENTTOKEN_SECRET_ARN is required");
        }
        WorkerConfig config = new WorkerConfig(
                token,
                tokenArn,
                reader.parsed("CS_REGION", Region.NA, Region::parse),
                reader.url("CS_CMA_URL"),
                reader.decimal("CS_RATE_LIMIT", 10, 0),
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

    /** This container's share of the deployment-wide CMA rate. */
    public double containerRate() {
        return rateLimit / maxConcurrency;
    }

    public WorkerConfig withResolvedSecrets(SecretResolver resolver) {
        if (managementToken != null || managementTokenArn == null) {
            return this;
        }
        return new WorkerConfig(resolver.resolve(managementTokenArn), managementTokenArn, region, cmaUrl, rateLimit,
                maxConcurrency, cmaTimeout, groupParallelism, dlqUrl, sqsEndpoint, awsRegion);
    }

    @Override
    public String toString() {
        return "WorkerConfig[managementToken=" + (managementToken != null ? "set" : managementTokenArn != null
                ? "from secret" : "missing") + ", cma=" + cmaBaseUrl() + ", rateLimit=" + rateLimit
                + ", maxConcurrency=" + maxConcurrency + ", cmaTimeout=" + cmaTimeout + ", groupParallelism="
                + groupParallelism + ", dlqUrl=" + dlqUrl
                + ", sqsEndpoint=" + sqsEndpoint + ", awsRegion=" + awsRegion + "]";
    }
}
