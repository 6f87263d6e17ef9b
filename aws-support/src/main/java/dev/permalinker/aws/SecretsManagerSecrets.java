package dev.permalinker.aws;

import dev.permalinker.model.SecretResolver;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Reads the {@code *_SECRET_ARN} variables' secrets with Secrets Manager's {@code GetSecretValue}, at initialisation.
 * The client is built on the first ARN (a configuration that holds none never loads it) and closed with this, once
 * initialisation is done. A failure names the ARN and the service's error code, never a secret value.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 *
 * <p>A function that uses it declares the {@code secretsmanager} module (this module's dependency on it is
 * optional).
 */
public final class SecretsManagerSecrets implements SecretResolver, AutoCloseable {
    /** One lookup, the SDK's retries included: init waits for it. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<SecretsManagerClient> clients;
    private SecretsManagerClient client;

    /** @param clients builds the client, called once, on the first {@link #resolve} */
    public SecretsManagerSecrets(Supplier<SecretsManagerClient> clients) {
        this.clients = clients;
    }

    /** Over the container's HTTP client and credentials; {@code null} endpoint for the region's own. */
    public static SecretsManagerSecrets create(AwsClients aws) {
        return new SecretsManagerSecrets(() -> aws.client(SecretsManagerClient.builder(), CALL_TIMEOUT, null));
    }

    @Override
    public synchronized String resolve(String secretArn) {
        if (client == null) {
            client = clients.get();
        }
        GetSecretValueResponse answer;
        try {
            answer = client.getSecretValue(r -> r.secretId(secretArn));
        } catch (AwsServiceException e) {
            // The error code (ResourceNotFoundException, AccessDeniedException…) names the fix.
            throw new IllegalStateException("GetSecretValue for " + secretArn + " failed: HTTP " + e.statusCode()
                    + " " + e.awsErrorDetails().errorCode(), e);
        } catch (SdkException e) {
            throw new IllegalStateException("GetSecretValue for " + secretArn + " failed: " + e.getMessage(), e);
        }
        if (answer.secretString() == null) {
            throw new IllegalStateException("secret " + secretArn + " has no SecretString");
        }
        return answer.secretString();
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
