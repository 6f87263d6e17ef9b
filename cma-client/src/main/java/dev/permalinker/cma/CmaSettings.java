package dev.permalinker.cma;

import dev.permalinker.model.EnvReader;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.Region;
import dev.permalinker.model.SecretResolver;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The Contentstack Management API settings, read the same way by every room that calls the CMA (the worker, the
 * reconciler, the operator CLI) and composed by its configuration record. Read with the caller's {@link EnvReader},
 * so its problems are reported together with the caller's; messages and {@code toString()} never show a token.
 *
 * @param apiKeys          the stacks ({@code CS_APIKEY}, comma-separated)
 * @param managementTokens {@code CS_MANAGEMENTTOKEN} (one stack) or {@code CS_MANAGEMENTTOKENS}
 *                         ({@code apiKey=token,…}); {@code null} until resolved when given as a secret ARN, or unset
 * @param region           {@code CS_REGION}: the CMA and delivery hosts (default {@code na})
 * @param cmaUrl           {@code CS_CMA_URL}: instead of the region's CMA (the simulator), or {@code null}
 * @param assetHost        {@code CS_ASSET_HOST}: the permanent URLs' host instead of the region's delivery hosts
 * @param rateLimit        the organisation's CMA limit, requests per second ({@code CS_RATE_LIMIT}, default 10)
 * @param rateShare        the part of it this deployment may use ({@code CS_RATE_SHARE}, {@link RateShare})
 * @param timeout          the longest one CMA request may take ({@code CS_CMA_TIMEOUT}, default 10 s)
 */
public record CmaSettings(
        List<String> apiKeys,
        ManagementTokens managementTokens,
        String managementTokenArn,
        String managementTokensArn,
        Region region,
        URI cmaUrl,
        String assetHost,
        double rateLimit,
        double rateShare,
        Duration timeout) {

    /**
     * A stage that reads or writes its stacks: a token for every stack of {@code CS_APIKEY}, given or named by
     * {@code CS_MANAGEMENTTOKEN_SECRET_ARN} / {@code CS_MANAGEMENTTOKENS_SECRET_ARN} (read by
     * {@link #withResolvedTokens}).
     *
     * @param noTokenProblem the problem recorded when neither the tokens nor their secret is given
     */
    public static CmaSettings fromEnv(EnvReader reader, String noTokenProblem) {
        List<String> apiKeys = reader.list("CS_APIKEY");
        return read(reader, apiKeys, ManagementTokens.requiredFromEnv(reader, apiKeys, noTokenProblem),
                reader.optional("CS_MANAGEMENTTOKEN_SECRET_ARN").orElse(null),
                reader.optional("CS_MANAGEMENTTOKENS_SECRET_ARN").orElse(null));
    }

    /** The operator CLI: tokens are optional (each command says which it misses) and never read from a secret. */
    public static CmaSettings optionalTokensFromEnv(EnvReader reader) {
        List<String> apiKeys = reader.list("CS_APIKEY");
        return read(reader, apiKeys, ManagementTokens.fromEnv(reader, apiKeys), null, null);
    }

    private static CmaSettings read(EnvReader reader, List<String> apiKeys, ManagementTokens tokens,
                                    String tokenArn, String tokensArn) {
        return new CmaSettings(apiKeys, tokens, tokenArn, tokensArn,
                reader.parsed("CS_REGION", Region.NA, Region::parse),
                reader.url("CS_CMA_URL"),
                reader.parsed("CS_ASSET_HOST", null, CmaSettings::assetHost),
                reader.decimal("CS_RATE_LIMIT", 10, 0),
                RateShare.fromEnv(reader),
                reader.duration("CS_CMA_TIMEOUT", Duration.ofSeconds(10)));
    }

    /** A host name (and port), as it goes into {@code https://{host}/v3/assets/…}: a custom delivery domain. */
    static String assetHost(String value) {
        if (!value.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?")) {
            throw new IllegalArgumentException("must be a host name such as assets.example.com, no scheme or path");
        }
        return value;
    }

    /** The CMA base URL: {@code CS_CMA_URL} when given, else the region's. */
    public URI baseUrl() {
        return cmaUrl != null ? cmaUrl : region.cmaBaseUrl();
    }

    /** This deployment's share of the organisation's CMA limit, requests per second. */
    public double sharedRate() {
        return rateLimit * rateShare;
    }

    /** The management tokens; present once the secret is read. */
    public ManagementTokens tokens() {
        if (managementTokens == null) {
            throw new IllegalStateException("management tokens are not resolved yet");
        }
        return managementTokens;
    }

    /**
     * These settings with the token secret read (the secret of several stacks is a JSON object); a
     * {@link dev.permalinker.model.ConfigException} named {@code configName} says which variable or stack is wrong.
     */
    public CmaSettings withResolvedTokens(SecretResolver resolver, JsonCodec json, String configName) {
        if (managementTokens != null) {
            return this;
        }
        ManagementTokens resolved = ManagementTokens.fromSecret(apiKeys, managementTokenArn, managementTokensArn,
                resolver, json, configName);
        return new CmaSettings(apiKeys, resolved, managementTokenArn, managementTokensArn, region, cmaUrl, assetHost,
                rateLimit, rateShare, timeout);
    }

    @Override
    public String toString() {
        return "CmaSettings[stacks=" + apiKeys + ", tokens=" + (managementTokens != null ? managementTokens
                : managementTokenArn != null || managementTokensArn != null ? "from secret" : "unset")
                + ", cma=" + baseUrl() + ", assetHost=" + assetHost + ", rateLimit=" + rateLimit + ", rateShare="
                + rateShare + ", timeout=" + timeout + "]";
    }
}
