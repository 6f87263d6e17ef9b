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
 * Reads a secret with one SigV4-signed {@code GetSecretValue} call, at initialisation.
 *
 * <p>Why not the generated {@code SecretsManagerClient}: it adds 0.6 MB and hundreds of classes to each function
 * jar for a single call made once per container; the SDK's own signer and HTTP client, already in the jar, do the
 * same ({@link SignedJsonCall}). API:
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
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
