package dev.permalinker.aws;

import dev.permalinker.model.EnvReader;
import java.net.URI;

/**
 * The AWS settings every function reads the same way: its region and, for a local run or a test, other endpoints.
 * Composed by each function's configuration record, read with its {@link EnvReader} so every bad variable is
 * reported together.
 *
 * @param region          {@code AWS_REGION}: Lambda always sets it; {@value #DEFAULT_REGION} elsewhere
 * @param sqsEndpoint     {@code SQS_ENDPOINT}: ElasticMQ or another SQS-compatible endpoint, or {@code null} for AWS
 * @param secretsEndpoint {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, or {@code null} for the region's
 * @param eventsEndpoint  {@code AWS_ENDPOINT_URL_EVENTBRIDGE}, or {@code null} for the region's. These two are the
 *                        SDK's own service-specific endpoint variables, which its clients read themselves: the
 *                        hand-signed calls ({@link SecretsManagerLookup}, {@link EventBridgePublisher}) honour them too
 *                        https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */
public record AwsSettings(String region, URI sqsEndpoint, URI secretsEndpoint, URI eventsEndpoint) {
    public static final String DEFAULT_REGION = "us-east-1";

    public static AwsSettings fromEnv(EnvReader reader) {
        return new AwsSettings(reader.string("AWS_REGION", DEFAULT_REGION), reader.url("SQS_ENDPOINT"),
                reader.url("AWS_ENDPOINT_URL_SECRETS_MANAGER"), reader.url("AWS_ENDPOINT_URL_EVENTBRIDGE"));
    }

    /** AWS itself in {@code region}, or an SQS-compatible endpoint for the rest. */
    public static AwsSettings of(String region, URI sqsEndpoint) {
        return new AwsSettings(region, sqsEndpoint, null, null);
    }
}
