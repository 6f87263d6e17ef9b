package dev.permalinker.infra;

import dev.permalinker.model.Identifiers;
import dev.permalinker.model.Region;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What an operator chooses per deployment, read from CDK context ({@code -c permalinker:apiKeys=blt…}).
 *
 * @param csRegion        Contentstack region of the stacks (NA, EU, AU, AZURE-NA, AZURE-EU, GCP-NA, GCP-EU)
 * @param apiKeys         stack API keys the ingest accepts and the worker holds tokens for
 * @param rateLimit       the organisation's CMA limit, requests per second (Contentstack's default is 10)
 * @param rateShare       the part of it this deployment may use (the worker's {@code CS_RATE_SHARE}, default 0.8)
 * @param maxConcurrency  the worker event source mapping's maximum concurrency (at least 2)
 * @param maxReceiveCount deliveries of a job before the queue moves it to the DLQ
 * @param alarmEmail      subscribed to the alarm topic when not empty
 * @param secretsRevision any new value publishes new function versions, so secrets read at init (and frozen into
 *                        SnapStart snapshots) are read again after a rotation
 * @param signatureMethod {@code certificate} (Contentstack's default: nothing to share) or {@code hmac} (a secret
 *                        holds the organisation's HMAC signing keys)
 * @param headerSecret    also require a generated secret in the custom header {@code secret}
 */
public record PermalinkerProps(Region csRegion, List<String> apiKeys, double rateLimit, double rateShare,
                               int maxConcurrency,
                               int maxReceiveCount, String alarmEmail, String secretsRevision,
                               String signatureMethod, boolean headerSecret) {

    public static final String PREFIX = "permalinker:";

    /** Reads every value through {@code context} (key without prefix → value or null); reports all problems at once. */
    public static PermalinkerProps fromContext(Function<String, Object> context) {
        List<String> problems = new ArrayList<>();
        Region region = Region.NA;
        try {
            region = Region.parse(text(context, "csRegion", "NA"));
        } catch (IllegalArgumentException e) {
            problems.add(PREFIX + "csRegion: " + e.getMessage());
        }
        List<String> apiKeys = Arrays.stream(text(context, "apiKeys", "").split(","))
                .map(String::trim).filter(k -> !k.isEmpty()).toList();
        if (apiKeys.isEmpty()) {
            problems.add(PREFIX + "apiKeys is required: the API key(s) of the Contentstack stack(s), comma-separated");
        } else if (!apiKeys.stream().allMatch(Identifiers::isSafe)) {
            problems.add(PREFIX + "apiKeys must be comma-separated API keys matching " + Identifiers.SAFE_ID);
        }
        double rate = number(context, "rateLimit", 10, problems);
        double share = number(context, "rateShare", 0.8, problems);
        if (!(share > 0) || share > 1) {
            problems.add(PREFIX + "rateShare must be a fraction between 0 and 1");
        }
        int concurrency = (int) number(context, "maxConcurrency", 2, problems);
        if (concurrency < 2 || concurrency > 1000) {
            problems.add(PREFIX + "maxConcurrency must be between 2 and 1000 (the SQS event source's range)");
        }
        int receives = (int) number(context, "maxReceiveCount", 5, problems);
        if (receives < 1 || receives > 1000) {
            problems.add(PREFIX + "maxReceiveCount must be between 1 and 1000");
        }
        if (!(rate > 0)) {
            problems.add(PREFIX + "rateLimit must be positive");
        }
        String method = text(context, "signatureMethod", "certificate").toLowerCase(Locale.ROOT);
        if (!List.of("certificate", "hmac").contains(method)) {
            problems.add(PREFIX + "signatureMethod must be certificate or hmac");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid context: " + String.join("; ", problems));
        }
        return new PermalinkerProps(region, apiKeys, rate, share, concurrency, receives,
                text(context, "alarmEmail", ""), text(context, "secretsRevision", "1"), method,
                Boolean.parseBoolean(text(context, "headerSecret", "false")));
    }

    private static String text(Function<String, Object> context, String key, String defaultValue) {
        Object value = context.apply(key);
        return value == null ? defaultValue : value.toString().trim();
    }

    private static double number(Function<String, Object> context, String key, double defaultValue,
                                 List<String> problems) {
        Object value = context.apply(key);
        if (value == null || value.toString().isBlank()) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            problems.add(PREFIX + key + " must be a number, was " + value);
            return defaultValue;
        }
    }
}
