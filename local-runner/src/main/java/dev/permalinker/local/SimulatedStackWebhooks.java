package dev.permalinker.local;

import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedWebhook;
import dev.permalinker.simulator.WebhookSpec;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code serve --simulate}: the simulated stack gets the webhook a person would create in Contentstack (Settings →
 * Webhooks, channel {@code assets.create}, URL = this process's ingest), so an asset uploaded to the simulated CMA is
 * delivered, signed, retried and counted exactly as the simulator's sender does for the real thing, and the
 * reconciler's webhook check finds a healthy webhook instead of reporting it missing. The simulated stack outlives
 * the process, so a restart updates its webhook (the ingest's URL and credentials may have changed) instead of adding
 * a second one.
 */
final class SimulatedStackWebhooks {
    static final String WEBHOOK_NAME = "Permalinker (serve --simulate)";

    private SimulatedStackWebhooks() {
    }

    /**
     * Gives each stack of {@code CS_APIKEY} one asset-creation webhook carrying the header secret, Basic credentials
     * or Bearer token the ingest is configured to expect, and the HMAC keys when the ingest verifies HMAC signatures.
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
        String bearer = env.get("CS_BEARER_TOKEN");
        if (bearer != null && !bearer.isBlank()) {
            // A person sets a Bearer token in Contentstack as a custom header of the webhook.
            spec = spec.withCustomHeader("Authorization", "Bearer " + bearer.trim());
        }
        if (method(env).equals("hmac")) {
            String hmacKeys = env.get("CS_HMAC_SECRETS");
            if (hmacKeys != null && !hmacKeys.isBlank()) {
                simulator.hmacSigningKeys(hmacKeys.split(","));
            }
        }
        for (String raw : env.get("CS_APIKEY").split(",")) {
            String apiKey = raw.trim();
            SimulatedWebhook existing = simulator.webhooks().stream()
                    .filter(w -> w.apiKey().equals(apiKey) && w.name().equals(WEBHOOK_NAME)).findFirst().orElse(null);
            if (existing == null) {
                simulator.addWebhook(apiKey, spec);
            } else {
                simulator.updateWebhook(existing.uid(), spec);
            }
        }
    }

    /** One line telling a person how to create an asset in the simulated stack (its upload route). */
    static String uploadHint(ContentstackSimulator simulator, Map<String, String> env) {
        String apiKey = env.get("CS_APIKEY").split(",")[0].trim();
        return "simulated stack " + apiKey + " has the webhook \"" + WEBHOOK_NAME + "\"; create an asset with: "
                + "curl -F 'asset[upload]=@photo.png' -H 'api_key: " + apiKey + "' -H 'authorization: "
                + env.get("CS_MANAGEMENTTOKEN") + "' " + simulator.baseUrl() + "/v3/assets";
    }

    /**
     * One line telling a person how to send this ingest a test webhook it accepts, for the authentication it is
     * configured with: the certificate method's private key file, or the HMAC key from the environment (named, never
     * printed), plus the header secret, Basic or Bearer credentials that permalinker-ops reads from the same
     * variables.
     */
    static String testWebhookHint(Map<String, String> env, Path dataDir, Path privateKeyFile) {
        String method = method(env);
        StringBuilder hint = new StringBuilder("send a signed test webhook with: CS_APIKEY=")
                .append(env.get("CS_APIKEY").split(",")[0].trim());
        // The command reads one real asset first (one CMA read), so it needs the simulated stack's token; the
        // webhook URL and the simulated CMA come from dataDir's deployment.json, never pasted.
        String token = env.get("CS_MANAGEMENTTOKEN");
        if (token != null && !token.isBlank()) {
            hint.append(" CS_MANAGEMENTTOKEN=").append(token);
        }
        hint.append(" permalinker-ops --data-dir ").append(dataDir).append(" send-test-webhook");
        StringBuilder exported = new StringBuilder();
        switch (method) {
            case "hmac" -> {
                hint.append(" --hmac-secret \"${CS_HMAC_SECRETS%%,*}\"");
                exported.append("CS_HMAC_SECRETS");
            }
            case "none" -> { }
            default -> hint.append(" --private-key ").append(privateKeyFile);
        }
        for (String variable : new String[] {"CS_SECRET", "CS_SECRET_HEADER", "CS_BASIC_AUTH", "CS_BEARER_TOKEN"}) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                exported.append(exported.isEmpty() ? "" : ", ").append(variable);
            }
        }
        if (!exported.isEmpty()) {
            hint.append(" (with ").append(exported).append(" exported as for serve)");
        }
        return hint.toString();
    }

    private static String method(Map<String, String> env) {
        return env.getOrDefault("CS_SIGNATURE_METHOD", "certificate").trim().toLowerCase(Locale.ROOT);
    }
}
