package dev.permalinker.reconcile;

import dev.permalinker.cma.CmaSettings;
import dev.permalinker.cma.ManagementTokens;
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
 * @param cma              the CMA settings every stage reads the same way ({@code CS_*}): the stacks reconciled
 *                         ({@code CS_APIKEY}, required) each need a management token; the reconciler's reads are
 *                         paced at {@code CS_RATE_LIMIT × CS_RATE_SHARE} per second at most
 * @param branches         branch uids reconciled in every stack ({@code RECONCILE_BRANCHES}, default {@code main})
 * @param grace            assets younger than this are left to their webhook ({@code RECONCILE_GRACE}, default
 *                         {@link #DEFAULT_GRACE})
 * @param lookback         how far back a run looks ({@code RECONCILE_LOOKBACK}, default {@link #DEFAULT_LOOKBACK})
 * @param publicWebhookUrl the URL Contentstack delivers to ({@code PUBLIC_WEBHOOK_URL}): picks the webhooks to
 *                         watch; {@code null} watches every webhook with an asset-creation channel
 * @param queueUrl         the job queue ({@code QUEUE_URL}, required)
 *
 * <p>No AWS setting: this module has no AWS dependency; the function reads its own next to this one
 * ({@link #read}).
 */
public record ReconcileConfig(
        CmaSettings cma,
        List<String> branches,
        Duration grace,
        Duration lookback,
        URI publicWebhookUrl,
        String queueUrl) {

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

    public static ReconcileConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        ReconcileConfig config = read(reader);
        reader.throwIfProblems("reconciler configuration");
        return config;
    }

    /** The configuration, its problems recorded on {@code reader} for the caller to report with its own. */
    public static ReconcileConfig read(EnvReader reader) {
        CmaSettings cma = CmaSettings.fromEnv(reader, "a management token is required to list assets: "
                + "CS_MANAGEMENTTOKEN (one stack), CS_MANAGEMENTTOKENS (apiKey=token,…) or their *_SECRET_ARN");
        if (cma.apiKeys().isEmpty()) {
            reader.problem("CS_APIKEY is required: the stacks to reconcile, comma-separated");
        }
        cma.apiKeys().stream().filter(key -> !Identifiers.isSafe(key))
                .forEach(key -> reader.problem("CS_APIKEY entries must match " + Identifiers.SAFE_ID));
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
        return new ReconcileConfig(
                cma,
                List.copyOf(branches),
                grace,
                lookback,
                reader.url("PUBLIC_WEBHOOK_URL"),
                reader.required("QUEUE_URL"));
    }

    public List<String> apiKeys() {
        return cma.apiKeys();
    }

    public Region region() {
        return cma.region();
    }

    /** The CMA base URL: {@code CS_CMA_URL} when given, else the region's. */
    public URI cmaBaseUrl() {
        return cma.baseUrl();
    }

    public Duration cmaTimeout() {
        return cma.timeout();
    }

    /** Reads per second at most: this deployment's share of the organisation's CMA limit. */
    public double readRate() {
        return cma.sharedRate();
    }

    /** The management tokens; present once secrets are resolved. */
    public ManagementTokens tokens() {
        return cma.tokens();
    }

    /** This configuration with the token secret read; the secret of several stacks is a JSON object. */
    public ReconcileConfig withResolvedSecrets(SecretResolver resolver, JsonCodec json) {
        return new ReconcileConfig(cma.withResolvedTokens(resolver, json, "reconciler configuration"), branches,
                grace, lookback, publicWebhookUrl, queueUrl);
    }

    @Override
    public String toString() {
        return "ReconcileConfig[" + cma + ", branches=" + branches + ", grace=" + grace + ", lookback=" + lookback
                + ", publicWebhookUrl=" + publicWebhookUrl + ", readRate=" + readRate() + ", queueUrl=" + queueUrl
                + "]";
    }
}
