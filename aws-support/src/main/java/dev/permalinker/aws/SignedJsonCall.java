package dev.permalinker.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

/**
 * One AWS JSON 1.1 operation as a SigV4-signed {@code POST} with the SDK's own signer and HTTP client, for the one
 * service whose generated client costs a function's cold start more than it is worth: EventBridge
 * ({@link EventBridgePublisher} says by how much). The answer is handed back as it came, status and body: what an
 * error means is the caller's to say. No retries: the caller's. The request is the AWS JSON 1.1 protocol's (an
 * {@code X-Amz-Target} header naming the operation, a JSON body):
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html; signing:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
 */
public final class SignedJsonCall {
    /** What the service answered: the HTTP status and the body, empty when there was none. */
    public record Answer(int status, byte[] body) {
        /** The body as JSON; an answer without a body is an {@link IOException} ("empty answer"). */
        public JsonNode json(JsonCodec json) throws IOException {
            if (body.length == 0) {
                throw new IOException("empty answer");
            }
            return json.readTree(body);
        }
    }

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String service;
    private final String region;
    private final URI endpoint;

    /**
     * @param service  the SigV4 signing name, also the first label of the default endpoint ({@code events})
     * @param endpoint {@code null} for the region's {@code https://{service}.{region}.{partition's DNS suffix}/}
     *                 ({@code amazonaws.com}, {@code amazonaws.com.cn} in China…)
     */
    public SignedJsonCall(SdkHttpClient http, AwsCredentialsProvider credentials, String service, String region,
                          URI endpoint) {
        this.http = http;
        this.credentials = credentials;
        this.service = service;
        this.region = region;
        this.endpoint = endpoint != null ? endpoint : URI.create("https://" + service + "." + region + "."
                + dnsSuffix(region) + "/");
    }

    /** The region's partition's DNS suffix, from the SDK's region metadata; {@code amazonaws.com} when unknown. */
    private static String dnsSuffix(String region) {
        RegionMetadata metadata = Region.of(region).metadata();
        return metadata != null ? metadata.partition().dnsSuffix() : "amazonaws.com";
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * Signs and sends {@code body} for the operation {@code target} (the {@code X-Amz-Target} header, such as
     * {@code secretsmanager.GetSecretValue}); any status comes back as an {@link Answer}.
     *
     * @throws IOException when the service cannot be reached or its answer cannot be read
     */
    public Answer call(String target, byte[] body) throws IOException {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", target)
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null))
                .build()).call();
        byte[] answer;
        try (InputStream in = response.responseBody().map(InputStream.class::cast)
                .orElse(InputStream.nullInputStream())) {
            answer = in.readAllBytes();
        }
        return new Answer(response.httpResponse().statusCode(), answer);
    }
}
