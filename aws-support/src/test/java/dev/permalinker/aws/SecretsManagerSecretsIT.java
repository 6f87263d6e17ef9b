package dev.permalinker.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.testsupport.MotoServer;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The SDK's Secrets Manager client against moto_server: what the functions resolve at init. */
class SecretsManagerSecretsIT {
    private final URI moto = MotoServer.shared().endpoint();
    private final AwsClients aws = AwsClients.local(moto);
    private final SecretsManagerClient admin = aws.client(SecretsManagerClient.builder(), Duration.ofSeconds(10),
            moto);
    private final AtomicInteger built = new AtomicInteger();
    private final SecretsManagerSecrets secrets = new SecretsManagerSecrets(() -> {
        built.incrementAndGet();
        return aws.client(SecretsManagerClient.builder(), SecretsManagerSecrets.CALL_TIMEOUT, moto);
    });

    @AfterEach
    void close() {
        secrets.close();
        admin.close();
    }

    private static String name(String what) {
        return "permalinker-test/" + what + "-" + UUID.randomUUID();
    }

    @Test
    void resolve_arnOfASecretString_itsValue_clientBuiltOnce() {
        String arn = admin.createSecret(r -> r.name(name("webhook")).secretString("the-secret")).arn();
        String other = admin.createSecret(r -> r.name(name("hmac")).secretString("key-1,key-2")).arn();

        assertThat(built).as("no ARN, no client").hasValue(0);
        assertThat(secrets.resolve(arn)).isEqualTo("the-secret");
        assertThat(secrets.resolve(other)).isEqualTo("key-1,key-2");
        assertThat(built).hasValue(1);
    }

    @Test
    void resolve_noSuchSecret_namesTheErrorCodeAndTheArnNeverAValue() {
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
    void resolve_unreachableEndpoint_failsWithinTheCallTimeoutNamingTheArn() {
        SecretsManagerSecrets unreachable = new SecretsManagerSecrets(() -> aws.client(
                SecretsManagerClient.builder(), Duration.ofSeconds(2), URI.create("http://127.0.0.1:1")));

        assertThatThrownBy(() -> unreachable.resolve("arn:aws:secretsmanager:us-east-1:1:secret:x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("GetSecretValue for arn:aws:secretsmanager:us-east-1:1:secret:x failed");
    }
}
