package dev.permalinker.local;

import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.WebhookSpec;
import java.util.Locale;
import java.util.Map;

/**
 * {@code serve --simulate}: the simulated stack gets the webhook a person would create in Contentstack (Settings →
 * Webhooks, channel {@code assets.create}, URL = this process's ingest), so an asset uploaded to the simulated CMA is
 * delivered, signed, retried and counted exactly as the simulator's sender does for the real thing, and the
 * reconciler's webhook check finds a healthy webhook instead of reporting it missing.
 */
final class SimulatedStackWebhooks {
    static final String WEBHOOK_NAME = "Permalinker (serve --simulate)";

    private SimulatedStackWebhooks() {
    }

    /**
     * Adds one asset-creation webhook per stack of {@code CS_APIKEY}, carrying the header secret and Basic credentials
     * the ingest is configured to expect, and the HMAC keys when the ingest verifies HMAC signatures.
     */
    static void register(ContentstackSimulator simulator, Map<String, String> env, String ingestWebhookUrl) {
        WebhookSpec spec = WebhookSpec.assetCreations(WEBHOOK_NAME, ingestWebhookUrl);
        String secret = env.get("CS_SECRET");
        if (secret != null && !secret.isBlank()) {
            spec = spec.withCustomHeader(env.getOrDefault("CS_SECRET_HEADER", "secret"), secret);
        }
        String basic = env.get("CS_BASIC_AUTH");
        if (basic != null && basic.contains(":")) {
            int colon = basic.indexOf(':');
            spec = spec.withBasicAuth(basic.substring(0, colon), basic.substring(colon + 1));
        }
        String method = env.getOrDefault("CS_SIGNATURE_METHOD", "certificate").toLowerCase(Locale.ROOT);
        String hmacKeys = env.get("CS_HMAC_SECRETS");
        if (method.equals("hmac") && hmacKeys != null && !hmacKeys.isBlank()) {
            simulator.hmacSigningKeys(hmacKeys.split(","));
        }
        for (String apiKey : env.get("CS_APIKEY").split(",")) {
            simulator.addWebhook(apiKey.trim(), spec);
        }
    }

    /** One line telling a person how to create an asset in the simulated stack (its upload route). */
    static String uploadHint(ContentstackSimulator simulator, Map<String, String> env) {
        String apiKey = env.get("CS_APIKEY").split(",")[0].trim();
        return "simulated stack " + apiKey + " has the webhook \"" + WEBHOOK_NAME + "\"; create an asset with: "
                + "curl -F 'asset[upload]=@photo.png' -H 'api_key: " + apiKey + "' -H 'authorization: "
                + env.get("CS_MANAGEMENTTOKEN") + "' " + simulator.baseUrl() + "/v3/assets";
    }
}
