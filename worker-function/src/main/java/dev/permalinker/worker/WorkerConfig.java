package dev.permalinker.worker;

import dev.permalinker.aws.AwsSettings;
import dev.permalinker.cma.CmaSettings;
import dev.permalinker.cma.ManagementTokens;
import dev.permalinker.model.EnvReader;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.Region;
import dev.permalinker.model.SecretResolver;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The worker's configuration, parsed once from the environment; every bad variable is reported together.
 *
 * @param cma              the CMA settings every stage reads the same way ({@code CS_*}); each stack of
 *                         {@code CS_APIKEY} needs a management token
 * @param maxConcurrency   the event source mapping's maximum concurrency ({@code WORKER_MAX_CONCURRENCY}); each
 *                         container takes {@code rateLimit × rateShare / maxConcurrency}
 * @param groupParallelism message groups of one batch worked on at once ({@code WORKER_GROUP_PARALLELISM},
 *                         default 4); the rate limiter paces them all
 * @param dlqUrl           the dead-letter queue ({@code DLQ_URL}, required)
 * @param eventBusName     {@code EVENT_BUS_NAME}: where {@code Permanent URL set} events go, or {@code null}
 * @param aws              {@code AWS_REGION}, {@code SQS_ENDPOINT}, {@code AWS_ENDPOINT_URL_*}
 */
public record WorkerConfig(
        CmaSettings cma,
        int maxConcurrency,
        int groupParallelism,
        String dlqUrl,
        String eventBusName,
        AwsSettings aws) {

    public static WorkerConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        WorkerConfig config = new WorkerConfig(
                CmaSettings.fromEnv(reader, "a management token is required: CS_MANAGEMENTTOKEN (one stack), "
                        + "CS_MANAGEMENTTOKENS (apiKey=token,…) or their *_SECRET_ARN"),
                reader.integer("WORKER_MAX_CONCURRENCY", 2, 1, 1000),
                reader.integer("WORKER_GROUP_PARALLELISM", 4, 1, 10),
                reader.required("DLQ_URL"),
                reader.optional("EVENT_BUS_NAME").orElse(null),
                AwsSettings.fromEnv(reader));
        reader.throwIfProblems("worker configuration");
        return config;
    }

    public Region region() {
        return cma.region();
    }

    /** The CMA base URL: {@code CS_CMA_URL} when given, else the region's. */
    public URI cmaBaseUrl() {
        return cma.baseUrl();
    }

    public String assetHost() {
        return cma.assetHost();
    }

    public Duration cmaTimeout() {
        return cma.timeout();
    }

    /** This container's ceiling: its part of this deployment's share of the organisation's CMA rate. */
    public double containerRate() {
        return cma.sharedRate() / maxConcurrency;
    }

    /** The management tokens; present once secrets are resolved. */
    public ManagementTokens tokens() {
        return cma.tokens();
    }

    /** This configuration with the token secrets read; the secret of several stacks is a JSON object. */
    public WorkerConfig withResolvedSecrets(SecretResolver resolver, JsonCodec json) {
        return new WorkerConfig(cma.withResolvedTokens(resolver, json, "worker configuration"), maxConcurrency,
                groupParallelism, dlqUrl, eventBusName, aws);
    }

    @Override
    public String toString() {
        return "WorkerConfig[" + cma + ", maxConcurrency=" + maxConcurrency + ", groupParallelism="
                + groupParallelism + ", dlqUrl=" + dlqUrl + ", eventBus=" + (eventBusName != null ? eventBusName
                : "off") + ", " + aws + "]";
    }
}
