package dev.permalinker.reconcile;

import dev.permalinker.cma.ManagementTokens;
import dev.permalinker.cma.RateShare;
import dev.permalinker.model.EnvReader;
import dev.permalinker.model.Identifiers;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.Region;
import dev.permalinker.model.SecretResolver;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The reconciler's configuration, parsed once from the environment; every bad variable is reported together.
 *
 * @param apiKeys          the stacks reconciled ({@code CS_APIKEY}, required); each needs a management token
 * @param managementTokens {@code CS_MANAGEMENTTOKEN} (one stack) or {@code CS_MANAGEMENTTOKENS}
 *                         ({@code apiKey=token,…}); {@code null} until resolved when given as a secret ARN
 * @param branches         branch uids reconciled in every stack ({@code RECONCILE_BRANCHES}, default {@code main})
 * @param grace            assets younger than this are left to their webhook ({@code RECONCILE_GRACE}, default
 *                         {@link #DEFAULT_GRACE})
 * @param lookback         how far back a run looks ({@code RECONCILE_LOOKBACK}, default {@link #DEFAULT_LOOKBACK})
 * @param publicWebhookUrl the URL Contentstack delivers to ({@code PUBLIC_WEBHOOK_URL}): picks the webhooks to
 *                         watch; {@code null} watches every webhook with an asset-creation channel
 * @param rateLimit        the organisation's CMA limit, requests per second ({@code CS_RATE_LIMIT}, default 10)
 * @param rateShare        the part of it this deployment may use ({@code CS_RATE_SHARE}, default 0.8): the
 *                         reconciler's reads are paced at {@code rateLimit × rateShare} per second at most
 * @param cmaTimeout       one CMA request's timeout ({@code CS_CMA_TIMEOUT}, default 10 s)
 * @param queueUrl         the job queue ({@code QUEUE_URL}, required)
 * @param fullPassEvery    how often a run reads the whole lookback even with a checkpoint
 *                         ({@code RECONCILE_FULL_PASS_EVERY}, default {@link #DEFAULT_FULL_PASS_EVERY})
 * @param overlap          how far below its checkpoint an incremental run reads again ({@code RECONCILE_OVERLAP},
 *                         default {@link #DEFAULT_OVERLAP})
 */
public record ReconcileConfig(
        List<String> apiKeys,
        ManagementTokens managementTokens,
        String managementTokenArn,
        String managementTokensArn,
        Region region,
        URI cmaUrl,
        List<String> branches,
        Duration grace,
        Duration lookback,
        URI publicWebhookUrl,
        double rateLimit,
        double rateShare,
        Duration cmaTimeout,
        String queueUrl,
        URI sqsEndpoint,
        String awsRegion,
        Duration fullPassEvery,
        Duration overlap) {

    /**
     * Contentstack retries a failed delivery after 5, 25, 125 and 625 s (about 13 minutes, "Webhook Retry
     * Policy"): an asset younger than that may still get its webhook, and is left to it.
     */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(15);
    /**
     * A day: far longer than any retry schedule, so a webhook outage of hours is covered by the next run, while an
     * idle stack's first page (its 100 newest assets) usually reaches back past it, costing one read.
     */
    public static final Duration DEFAULT_LOOKBACK = Duration.ofHours(24);
    /**
     * The longest lookback taken: a century reaches past any stack's first asset, while a value past
     * {@code Instant}'s range (accepted before) made every run fail computing its window.
     */
    public static final Duration MAX_LOOKBACK = Duration.ofDays(36_500);
    /**
     * Six hours: a full pass re-reads the whole lookback (about lookback-assets / 100 reads: 200 for a stack that
     * created 20,000 assets in a day), catching what an incremental run cannot see: an asset the CMA lists late by
     * more than the overlap, or a checkpoint that went wrong. Four a day at the default lookback costs a busy stack's
     * read budget a few reads per five-minute run on average, and bounds such a miss to six hours.
     */
    public static final Duration DEFAULT_FULL_PASS_EVERY = Duration.ofHours(6);
    /**
     * One minute: an incremental run reads again the assets created up to this long before its checkpoint, for an
     * asset the CMA lists after newer ones (listed as it is indexed) and for clock differences. It costs reads only
     * when more than a page of assets was created in that minute (a bulk upload); a later listing than this is
     * caught by the next full pass ({@link #DEFAULT_FULL_PASS_EVERY}).
     */
    public static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(1);
    /** The share of {@code CS_RATE_LIMIT} when {@code CS_RATE_SHARE} is unset: {@link RateShare#DEFAULT}. */
    public static final double DEFAULT_RATE_SHARE = RateShare.DEFAULT;

    public static ReconcileConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        List<String> apiKeys = reader.list("CS_APIKEY");
        if (apiKeys.isEmpty()) {
            reader.problem("CS_APIKEY is required: the stacks to reconcile, comma-separated");
        }
        apiKeys.stream().filter(key -> !Identifiers.isSafe(key))
                .forEach(key -> reader.problem("CS_APIKEY entries must match " + Identifiers.SAFE_ID));
        String tokenArn = reader.optional("CS_MANAGEMENTTOKEN_SECRET_ARN").orElse(null);
        String tokensArn = reader.optional("CS_MANAGEMENTTOKENS_SECRET_ARN").orElse(null);
        ManagementTokens tokens = ManagementTokens.requiredFromEnv(reader, apiKeys, "a management token is required "
                + "to list assets: CS_MANAGEMENTTOKEN (one stack), CS_MANAGEMENTTOKENS (apiKey=token,…) or their "
                + "*_SECRET_ARN");
        List<String> branches = reader.list("RECONCILE_BRANCHES");
        if (branches.isEmpty()) {
            branches = List.of(Identifiers.DEFAULT_BRANCH);
        }
        branches.stream().filter(branch -> !Identifiers.isSafe(branch))
                .forEach(branch -> reader.problem("RECONCILE_BRANCHES entries must be branch uids matching "
                        + Identifiers.SAFE_ID + ", was '" + branch + "'"));
        Duration grace = reader.duration("RECONCILE_GRACE", DEFAULT_GRACE);
        Duration lookback = reader.duration("RECONCILE_LOOKBACK", DEFAULT_LOOKBACK);
        if (lookback.compareTo(MAX_LOOKBACK) > 0) {
            reader.problem("RECONCILE_LOOKBACK must be at most " + MAX_LOOKBACK + ", was " + lookback);
        } else if (lookback.compareTo(grace) <= 0) {
            reader.problem("RECONCILE_LOOKBACK (" + lookback + ") must be longer than RECONCILE_GRACE (" + grace
                    + ")");
        }
        double rateShare = RateShare.fromEnv(reader);
        Duration fullPassEvery = reader.duration("RECONCILE_FULL_PASS_EVERY", DEFAULT_FULL_PASS_EVERY);
        Duration overlap = reader.duration("RECONCILE_OVERLAP", DEFAULT_OVERLAP);
        if (fullPassEvery.isNegative() || fullPassEvery.isZero()) {
            reader.problem("RECONCILE_FULL_PASS_EVERY must be positive, was " + fullPassEvery);
        }
        if (overlap.isNegative() || overlap.compareTo(lookback) > 0) {
            reader.problem("RECONCILE_OVERLAP must be between PT0S and RECONCILE_LOOKBACK, was " + overlap);
        }
        ReconcileConfig config = new ReconcileConfig(
                apiKeys,
                tokens,
                tokenArn,
                tokensArn,
                reader.parsed("CS_REGION", Region.NA, Region::parse),
                reader.url("CS_CMA_URL"),
                List.copyOf(branches),
                grace,
                lookback,
                reader.url("PUBLIC_WEBHOOK_URL"),
                reader.decimal("CS_RATE_LIMIT", 10, 0),
                rateShare,
                reader.duration("CS_CMA_TIMEOUT", Duration.ofSeconds(10)),
                reader.required("QUEUE_URL"),
                reader.url("SQS_ENDPOINT"),
                reader.string("AWS_REGION", "us-east-1"),
                fullPassEvery,
                overlap);
        reader.throwIfProblems("reconciler configuration");
        return config;
    }

    /** The CMA base URL: {@code CS_CMA_URL} when given, else the region's. */
    public URI cmaBaseUrl() {
        return cmaUrl != null ? cmaUrl : region.cmaBaseUrl();
    }

    /** Reads per second at most: this deployment's share of the organisation's CMA limit. */
    public double readRate() {
        return rateLimit * rateShare;
    }

    /** The management tokens; present once secrets are resolved. */
    public ManagementTokens tokens() {
        if (managementTokens == null) {
            throw new IllegalStateException("management tokens are not resolved yet");
        }
        return managementTokens;
    }

    /** This configuration with the token secret read; the secret of several stacks is a JSON object. */
    public ReconcileConfig withResolvedSecrets(SecretResolver resolver, JsonCodec json) {
        if (managementTokens != null) {
            return this;
        }
        ManagementTokens resolved = ManagementTokens.fromSecret(apiKeys, managementTokenArn, managementTokensArn,
                resolver, json, "reconciler configuration");
        return new ReconcileConfig(apiKeys, resolved, managementTokenArn, managementTokensArn, region, cmaUrl,
                branches, grace, lookback, publicWebhookUrl, rateLimit, rateShare, cmaTimeout, queueUrl, sqsEndpoint,
                awsRegion, fullPassEvery, overlap);
    }

    @Override
    public String toString() {
        return "ReconcileConfig[stacks=" + apiKeys + ", branches=" + branches + ", tokens="
                + (managementTokens != null ? managementTokens : "from secret") + ", cma=" + cmaBaseUrl()
                + ", grace=" + grace + ", lookback=" + lookback + ", publicWebhookUrl=" + publicWebhookUrl
                + ", readRate=" + readRate() + ", queueUrl=" + queueUrl + ", fullPassEvery=" + fullPassEvery
                + ", overlap=" + overlap + "]";
    }
}
