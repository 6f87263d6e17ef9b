package dev.permalinker.aws;

import dev.permalinker.model.EnvReader;
import java.net.URI;

/**
 * The AWS settings every function reads the same way: its region and, for a local run or a test, an SQS-compatible
 * endpoint. Composed by each function's configuration record, read with its {@link EnvReader} so every bad variable
 * is reported together.
 *
 * @param region      {@code AWS_REGION}: Lambda always sets it; {@value #DEFAULT_REGION} elsewhere
 * @param sqsEndpoint {@code SQS_ENDPOINT}: ElasticMQ or another SQS-compatible endpoint, or {@code null} for AWS
 */
public record AwsSettings(String region, URI sqsEndpoint) {
    public static final String DEFAULT_REGION = "us-east-1";

    public static AwsSettings fromEnv(EnvReader reader) {
        return new AwsSettings(reader.string("AWS_REGION", DEFAULT_REGION), reader.url("SQS_ENDPOINT"));
    }
}
