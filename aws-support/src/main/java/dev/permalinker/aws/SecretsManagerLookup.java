package dev.permalinker.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.SecretResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Reads a secret with one SigV4-signed {@code GetSecretValue} call, at initialisation, through {@link SignedJsonCall}:
 * the SDK's own signer and HTTP client, already in the jar for SQS. A failure names the ARN and the error type, never
 * a value. API: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 *
 * <p>Why not the generated {@code SecretsManagerClient} (it resolves at the BOM 2.57.8): one lookup through it costs a
 * function's cold start more than the 50 ms a client may cost (RESULTS.md §3, decision 0007; median of 7 fresh C1-only
 * JVMs, the call's wall-clock, SDK client against this call, one run): +211 ms in the worker and the actions consumer
 * (308 against 97 ms; 970 classes loaded against 336), whose first invocation calls no SQS, so the client would load
 * the SDK's request pipeline for its one call; in the ingest and the reconciler, which load that pipeline for SQS
 * anyway, +37 ms (49.8 against 12.4 ms; 153 classes against 9), +47 to +58 ms in earlier runs: at the rule's edge,
 * so this one class serves every function. Its module would also add 0.7 MB to each jar (the ingest's to 8.1 MB).
 * The endpoint is the region's partition's ({@link SignedJsonCall}); no retries: a failed lookup fails the init,
 * which Lambda retries.
 */
public final class SecretsManagerLookup implements SecretResolver {
    private final SignedJsonCall secretsManager;
    private final JsonCodec json;

    public SecretsManagerLookup(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint,
                                JsonCodec json) {
        this.secretsManager = new SignedJsonCall(http, credentials, "secretsmanager", region, endpoint);
        this.json = json;
    }

    @Override
    public String resolve(String secretArn) {
        byte[] body = json.write(Map.of("SecretId", secretArn)).getBytes(StandardCharsets.UTF_8);
        try {
            SignedJsonCall.Answer answer = secretsManager.call("secretsmanager.GetSecretValue", body);
            JsonNode node = answer.json(json);
            if (answer.status() != 200) {
                // The error type (e.g. ResourceNotFoundException, AccessDeniedException) names the fix; no value leaks.
                throw new IllegalStateException("GetSecretValue for " + secretArn + " failed: HTTP " + answer.status()
                        + " " + node.path("__type").asText("unknown error"));
            }
            JsonNode secret = node.get("SecretString");
            if (secret == null || !secret.isTextual()) {
                throw new IllegalStateException("secret " + secretArn + " has no SecretString");
            }
            return secret.textValue();
        } catch (IOException e) {
            throw new UncheckedIOException("GetSecretValue for " + secretArn + " failed", e);
        }
    }
}
