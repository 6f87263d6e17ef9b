package dev.permalinker.aws;

import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.SecretResolver;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the AWS clients of a function container, once, with everything explicit so nothing is discovered at
 * cold start: the region, the credentials provider and the HTTP client, shared by every client it builds.
 *
 * <p>The HTTP client is the JDK's {@code HttpURLConnection} ({@code url-connection-client}): it loads far fewer
 * classes than Apache or Netty, which is what a Lambda cold start pays for; our calls are few and sequential.
 * See https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/lambda-optimize-starttime.html
 *
 * <p>Any SDK service client goes through {@link #client} (the operator CLI's CloudWatch Logs client does): this
 * module depends on SQS only, the one service every function calls. Secrets Manager and EventBridge are hand-signed
 * ({@link #secrets}, {@link #eventBridge}): their SDK clients cost a function's cold start more than 50 ms.
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
    private final AwsSettings settings;
    private final SdkHttpClient httpClient;
    /** Built once and shared by every client of the container. */
    private final AwsCredentialsProvider credentials;

    private AwsClients(AwsSettings settings, AwsCredentialsProvider credentials) {
        this.region = Region.of(settings.region() == null ? AwsSettings.DEFAULT_REGION : settings.region());
        this.settings = settings;
        this.httpClient = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
        this.credentials = credentials;
    }

    /** A function's clients: Lambda's credentials on AWS, placeholder ones with a local SQS endpoint. */
    public static AwsClients create(AwsSettings settings) {
        return new AwsClients(settings, settings.sqsEndpoint() != null ? LOCAL_CREDENTIALS : lambdaCredentials());
    }

    /**
     * @param awsRegion   the {@code AWS_REGION} of the container (Lambda always sets it)
     * @param sqsEndpoint an SQS-compatible endpoint such as ElasticMQ, or {@code null} for AWS
     */
    public static AwsClients create(String awsRegion, URI sqsEndpoint) {
        return create(AwsSettings.of(awsRegion, sqsEndpoint));
    }

    /** Clients for an SQS-compatible endpoint such as ElasticMQ, with placeholder credentials. */
    public static AwsClients local(URI sqsEndpoint) {
        return create(AwsSettings.DEFAULT_REGION, sqsEndpoint);
    }

    /**
     * A person's clients (the operator CLI): the SDK's default credentials chain, profiles and SSO included, which a
     * function never searches.
     */
    public static AwsClients operator(String awsRegion) {
        return new AwsClients(AwsSettings.of(awsRegion, null), DefaultCredentialsProvider.builder().build());
    }

    /**
     * Configures any SDK service client the way every client of this container is: the region, the credentials, the
     * shared HTTP client, and a call timeout that bounds the SDK's own retries (each attempt at most half of it). The
     * SDK's retry policy for throttling and transient errors is kept as it is.
     *
     * @param endpoint overrides the region's endpoint (a local or test endpoint), or {@code null}
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder,
                                                                                      Duration callTimeout,
                                                                                      URI endpoint) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(httpClient)
                .overrideConfiguration(o -> o.apiCallTimeout(callTimeout)
                        .apiCallAttemptTimeout(callTimeout.dividedBy(2)));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** An SQS client whose calls, retries included, end within {@code callTimeout}. */
    public SqsClient sqs(Duration callTimeout) {
        return client(SqsClient.builder(), callTimeout, settings.sqsEndpoint());
    }

    /**
     * Puts events on {@code eventBusName} with hand-signed calls ({@link EventBridgePublisher} says why not the SDK's
     * client); {@code endpoint} overrides the region's EventBridge endpoint (tests), else {@code null} for
     * {@code AWS_ENDPOINT_URL_EVENTBRIDGE} or the region's.
     */
    public EventBridgePublisher eventBridge(String eventBusName, URI endpoint, JsonCodec json) {
        return new EventBridgePublisher(httpClient, credentials, region.id(),
                endpoint != null ? endpoint : settings.eventsEndpoint(), eventBusName, json);
    }

    /**
     * Resolves Secrets Manager ARNs with hand-signed calls ({@link SecretsManagerLookup} says why not the SDK's
     * client); used only at initialisation.
     */
    public SecretResolver secrets(JsonCodec json) {
        return new SecretsManagerLookup(httpClient, credentials, region.id(), settings.secretsEndpoint(), json);
    }
}
