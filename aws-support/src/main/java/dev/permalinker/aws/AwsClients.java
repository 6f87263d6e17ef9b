package dev.permalinker.aws;

import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.SecretResolver;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the AWS clients of a function container, once, with everything explicit so nothing is discovered at
 * cold start: the region, the credentials provider and the HTTP client.
 *
 * <p>The HTTP client is the JDK's {@code HttpURLConnection} ({@code url-connection-client}): it loads far fewer
 * classes than Apache or Netty, which is what a Lambda cold start pays for; our calls are few and sequential.
 * See https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/lambda-optimize-starttime.html
 */
public final class AwsClients {
    /** Credentials for an SQS-compatible endpoint (ElasticMQ) that does not check them. */
    private static final AwsCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    /**
     * Lambda's own credentials, found without the default chain's profile files and metadata probes: the execution
     * role's keys in {@code AWS_ACCESS_KEY_ID}…, or, on SnapStart functions, which get no such variables, the
     * container credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}).
     * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials
     */
    private static AwsCredentialsProvider lambdaCredentials() {
        return AwsCredentialsProviderChain.builder()
                .reuseLastProviderEnabled(true)
                .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
                        ContainerCredentialsProvider.builder().build())
                .build();
    }

    private final Region region;
    private final URI sqsEndpoint;
    private final SdkHttpClient httpClient;
    /** Built once and shared by every client of the container. */
    private final AwsCredentialsProvider credentials;

    private AwsClients(Region region, URI sqsEndpoint, SdkHttpClient httpClient) {
        this.region = region;
        this.sqsEndpoint = sqsEndpoint;
        this.httpClient = httpClient;
        this.credentials = sqsEndpoint != null ? LOCAL_CREDENTIALS : lambdaCredentials();
    }

    /**
     * @param awsRegion   the {@code AWS_REGION} of the container (Lambda always sets it)
     * @param sqsEndpoint an SQS-compatible endpoint such as ElasticMQ, or {@code null} for AWS
     */
    public static AwsClients create(String awsRegion, URI sqsEndpoint) {
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
        return new AwsClients(Region.of(awsRegion == null ? "us-east-1" : awsRegion), sqsEndpoint, http);
    }

    /** Clients for an SQS-compatible endpoint such as ElasticMQ, with placeholder credentials. */
    public static AwsClients local(URI sqsEndpoint) {
        return create("us-east-1", sqsEndpoint);
    }

    /** An SQS client whose calls, retries included, end within {@code callTimeout}. */
    public SqsClient sqs(Duration callTimeout) {
        var builder = SqsClient.builder()
                .region(region)
                .httpClient(httpClient)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(callTimeout)
                        .apiCallAttemptTimeout(callTimeout.dividedBy(2))
                        .build());
        if (sqsEndpoint != null) {
            builder.endpointOverride(sqsEndpoint);
        }
        return builder.credentialsProvider(credentials).build();
    }

    /**
     * Another service's client (e.g. {@code DynamoDbClient.builder()}) on this container's HTTP client, region and
     * credentials: each call, retries included, ends within {@code callTimeout} (an attempt within half of it), with
     * at most {@code maxAttempts} attempts (the SDK's standard retry strategy otherwise). For a dependency the caller
     * can do without for a moment (the asset ledger), so a slow answer costs the invocation little.
     *
     * @param endpoint the service's endpoint (tests: moto_server), or {@code null} for the region's
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, URI endpoint,
                                                                                        Duration callTimeout,
                                                                                        int maxAttempts) {
        builder.region(region).httpClient(httpClient).credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(callTimeout)
                        .apiCallAttemptTimeout(callTimeout.dividedBy(2))
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(maxAttempts).build())
                        .build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /**
     * Puts events on {@code eventBusName}; {@code endpoint} overrides the region's EventBridge endpoint (tests), else
     * {@code null}.
     */
    public EventBridgePublisher eventBridge(String eventBusName, URI endpoint, JsonCodec json) {
        return new EventBridgePublisher(httpClient, credentials, region.id(), endpoint, eventBusName, json);
    }

    /** Resolves Secrets Manager ARNs; used only at initialisation. */
    public SecretResolver secrets(JsonCodec json) {
        return new SecretsManagerLookup(httpClient, credentials, region.id(), null, json);
    }
}
