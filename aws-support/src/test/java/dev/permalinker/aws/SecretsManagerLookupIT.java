package dev.permalinker.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.SecretResolver;
import dev.permalinker.testsupport.MotoServer;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The hand-signed GetSecretValue against moto_server, reached as a function reaches it: {@code AwsClients.secrets}
 * with {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} set. The test's own SDK client creates the secrets.
 */
class SecretsManagerLookupIT {
    private final URI moto = MotoServer.shared().endpoint();
    private final AwsClients aws = AwsClients.create(new AwsSettings("us-east-1", moto, moto, null));
    private final SecretsManagerClient admin = aws.client(SecretsManagerClient.builder(), Duration.ofSeconds(10),
            moto);
    private final SecretResolver secrets = aws.secrets(JsonCodec.create());

    @AfterEach
    void close() {
        admin.close();
    }

    private static String name(String what) {
        return "permalinker-test/" + what + "-" + UUID.randomUUID();
    }

    @Test
    void resolve_arnOfASecretString_itsValue() {
        String arn = admin.createSecret(r -> r.name(name("webhook")).secretString("the-secret")).arn();
        String other = admin.createSecret(r -> r.name(name("hmac")).secretString("key-1,key-2")).arn();

        assertThat(secrets.resolve(arn)).isEqualTo("the-secret");
        assertThat(secrets.resolve(other)).isEqualTo("key-1,key-2");
    }

    @Test
    void resolve_noSuchSecret_namesTheErrorTypeAndTheArnNeverAValue() {
        admin.createSecret(r -> r.name(name("present")).secretString("value-never-printed"));
        String missing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:permalinker-test/missing-AbCdEf";

        assertThatThrownBy(() -> secrets.resolve(missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ResourceNotFoundException").hasMessageContaining(missing)
                .hasMessageNotContaining("value-never-printed");
    }

    @Test
    void resolve_binaryOnlySecret_refusedWithoutItsBytes() {
        String arn = admin.createSecret(r -> r.name(name("binary"))
                .secretBinary(SdkBytes.fromUtf8String("binary-never-printed"))).arn();

        assertThatThrownBy(() -> secrets.resolve(arn))
                .hasMessageContaining("has no SecretString").hasMessageContaining(arn)
                .hasMessageNotContaining("binary-never-printed");
    }

    @Test
    void resolve_unreachableEndpoint_failsNamingTheArn() {
        URI closed = URI.create("http://127.0.0.1:1");
        SecretResolver unreachable = AwsClients.create(new AwsSettings("us-east-1", moto, closed, null))
                .secrets(JsonCodec.create());

        assertThatThrownBy(() -> unreachable.resolve("arn:aws:secretsmanager:us-east-1:1:secret:x"))
                .hasMessageStartingWith("GetSecretValue for arn:aws:secretsmanager:us-east-1:1:secret:x failed");
    }
}
