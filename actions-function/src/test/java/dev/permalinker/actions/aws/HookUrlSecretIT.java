package dev.permalinker.actions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.actions.ActionsConfig;
import dev.permalinker.aws.SecretsManagerLookup;
import dev.permalinker.model.ConfigException;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.testsupport.MotoServer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The build hook's URL read from Secrets Manager (moto_server) at init, as the consumer does on AWS. */
class HookUrlSecretIT {
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("testing", "testing"));

    private MotoServer moto;
    private SecretsManagerClient secrets;
    private SdkHttpClient http;

    @BeforeEach
    void start() {
        moto = MotoServer.shared();
        secrets = SecretsManagerClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).build();
        http = UrlConnectionHttpClient.create();
    }

    @AfterEach
    void stop() {
        secrets.close();
        http.close();
    }

    private ActionsConfig resolvedWith(String secretValue) {
        String arn = secrets.createSecret(r -> r.name("hook-url-" + UUID.randomUUID()).secretString(secretValue))
                .arn();
        Map<String, String> env = new HashMap<>();
        env.put("ACTIONS_QUEUE_URL", "http://127.0.0.1:9324/000000000000/a.fifo");
        env.put("ACTIONS_DLQ_URL", "http://127.0.0.1:9324/000000000000/a-dlq.fifo");
        env.put("RELEASE_HOOK_URL_SECRET_ARN", arn);
        return ActionsConfig.fromEnv(env).withResolvedSecrets(new SecretsManagerLookup(http, CREDENTIALS,
                "us-east-1", moto.endpoint(), JsonCodec.create()));
    }

    @Test
    void withResolvedSecrets_urlPastedWithANewline_readTrimmedAndNeverShown() {
        ActionsConfig config = resolvedWith("https://api.vercel.com/v1/integrations/deploy/prj_1/s3cr3tT0ken\n");

        assertThat(config.hookUrl()).hasToString("https://api.vercel.com/v1/integrations/deploy/prj_1/s3cr3tT0ken");
        assertThat(config.toString()).contains("api.vercel.com").doesNotContain("s3cr3tT0ken");
    }

    @Test
    void withResolvedSecrets_placeholderNotYetReplaced_initRefusedWithoutTheValue() {
        assertThatThrownBy(() -> resolvedWith("Pl4ceh0lderG3nerat3dByCl0udF0rmation"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RELEASE_HOOK_URL_SECRET_ARN")
                .hasMessageContaining("put-secret-value").hasMessageNotContaining("Pl4ceh0lder");
    }
}
