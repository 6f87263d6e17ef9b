package dev.permalinker.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.SecretResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Reads a secret with one SigV4-signed {@code GetSecretValue} call, at initialisation.
 *
 * <p>Why not the generated {@code SecretsManagerClient}: it adds 0.6 MB and hundreds of classes to each function
 * jar for a single call made once per container; the SDK's own signer and HTTP client, already in the jar, do the
 * same. API: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
public final class SecretsManagerLookup implements SecretResolver {
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final URI endpoint;
    private final JsonCodec json;

    public SecretsManagerLookup(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint,
                                JsonCodec json) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint != null ? endpoint : URI.create("https://secretsmanager." + region
                + ".amazonaws.com/");
        this.json = json;
    }

    @Override
    public String resolve(String secretArn) {
        byte[] body = json.write(Map.of("SecretId", secretArn)).getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "secretsmanager.GetSecretValue")
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "secretsmanager")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        SdkHttpRequest signedRequest = signed.request();
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signedRequest)
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            byte[] answer;
            try (InputStream in = response.responseBody().orElseThrow(() -> new IOException("empty answer"))) {
                answer = in.readAllBytes();
            }
            int status = response.httpResponse().statusCode();
            JsonNode node = json.readTree(answer);
            if (status != 200) {
                // The error type (e.g. ResourceNotFoundException, AccessDeniedException) names the fix; no value leaks.
                throw new IllegalStateException("GetSecretValue for " + secretArn + " failed: HTTP " + status + " "
                        + node.path("__type").asText("unknown error"));
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
