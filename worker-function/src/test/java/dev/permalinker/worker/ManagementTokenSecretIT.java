package dev.permalinker.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.cma.ContentstackClient;
import dev.permalinker.model.ConfigException;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.SecretResolver;
import dev.permalinker.retry.Deadline;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.telemetry.LogTaps;
import dev.permalinker.testsupport.MotoServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A management token stored in Secrets Manager with a stray character, read the way the worker reads it at init
 * (the SDK's Secrets Manager client against moto_server): a trailing newline is trimmed and the token works; a
 * character a header cannot carry (a line break inside, a zero-width space) stops the start with a message naming
 * the secret. The token appears nowhere: not in the exception, not in any log line, not in a dead letter.
 */
class ManagementTokenSecretIT {
    private static final String API_KEY = "bltstack0000000001";
    /** The token's two halves: each is looked for separately, whatever stray character sits between them. */
    private static final String HEAD = "cs7f3a9b2e1d";
    private static final String TAIL = "4c5f6a7b8c9d";
    private static final String TOKEN = HEAD + TAIL;

    private final JsonCodec json = JsonCodec.create();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private SecretsManagerClient secrets;
    private AutoCloseable tap;

    @BeforeEach
    void start() {
        secrets = SecretsManagerClient.builder()
                .endpointOverride(MotoServer.shared().endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        tap = LogTaps.ofProcess().orElseThrow(() -> new AssertionError("telemetry's SLF4J binding"))
                .attach((line, level) -> logged.add(new String(line, StandardCharsets.UTF_8)));
    }

    @AfterEach
    void stop() throws Exception {
        tap.close();
        secrets.close();
    }

    /** The SDK's own lookup, as the function's init does it. */
    private SecretResolver resolver() {
        return arn -> secrets.getSecretValue(r -> r.secretId(arn)).secretString();
    }

    private String store(String value) {
        return secrets.createSecret(r -> r.name("permalinker/tokens-" + UUID.randomUUID()).secretString(value)).arn();
    }

    private static Map<String, String> env(String variable, String arn) {
        Map<String, String> env = new HashMap<>();
        env.put("CS_APIKEY", API_KEY);
        env.put(variable, arn);
        env.put("DLQ_URL", "http://127.0.0.1:9324/000000000000/permalinker-dlq.fifo");
        return env;
    }

    private void assertTokenNowhere(String... places) {
        List<String> all = new ArrayList<>(List.of(places));
        all.addAll(logged);
        assertThat(all).allSatisfy(text -> assertThat(text).doesNotContain(HEAD).doesNotContain(TAIL));
    }

    @Test
    void tokenSecretWithATrailingNewline_trimmed_theWorkerWritesTheUrlAndNothingEchoesIt() {
        try (ContentstackSimulator cma = ContentstackSimulator.start(0, TOKEN, 100)) {
            cma.addStack(API_KEY, TOKEN);
            cma.createAsset(API_KEY, "bltasset0000000001", "photo.jpg", "image/jpeg");
            Map<String, String> env = env("CS_MANAGEMENTTOKEN_SECRET_ARN", store(TOKEN + "\r\n"));
            env.put("CS_CMA_URL", cma.baseUrl().toString());
            WorkerConfig config = WorkerConfig.fromEnv(env).withResolvedSecrets(resolver(), json);
            List<String> deadLetters = new ArrayList<>();
            BatchProcessor worker = new BatchProcessor(WorkerHandler.create(config, ContentstackClient.create(
                    config.cmaBaseUrl(), config.tokens(), json)),
                    (message, code, detail, attempts) -> deadLetters.add(code.wire() + ": " + detail), json);
            String now = Instant.now().toString();
            PermalinkJob job = new PermalinkJob(1, API_KEY, "main", "bltasset0000000001", "photo.jpg",
                    "https://images.contentstack.io/v3/assets/" + API_KEY + "/bltasset0000000001/0123/photo.jpg",
                    "image/jpeg", now, now);

            List<String> failed = worker.process(List.of(new QueueMessage("m-1", json.write(job), job.assetUid(),
                    1)), Deadline.after(Duration.ofSeconds(30)));

            assertThat(failed).isEmpty();
            assertThat(deadLetters).isEmpty();
            assertThat(cma.permanentUrl(API_KEY, "bltasset0000000001")).endsWith("/photo.jpg");
            assertTokenNowhere(config.toString(), String.join("\n", deadLetters));
        }
    }

    @Test
    void tokensSecretWithAZeroWidthSpace_initRefusedNamingTheSecretNeverTheToken() {
        String arn = store("{\"" + API_KEY + "\":\"" + HEAD + "\\u200b" + TAIL + "\"}");
        WorkerConfig config = WorkerConfig.fromEnv(env("CS_MANAGEMENTTOKENS_SECRET_ARN", arn));

        assertThatThrownBy(() -> config.withResolvedSecrets(resolver(), json))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CS_MANAGEMENTTOKENS_SECRET_ARN (" + arn + "): the token for the stack "
                        + API_KEY + " holds a non-ASCII character")
                .satisfies(e -> assertTokenNowhere(e.getMessage(), String.valueOf(e.getCause())));
    }

    @Test
    void tokenSecretWithALineBreakInside_initRefusedNamingTheSecretNeverTheToken() {
        String arn = store(HEAD + "\r\n" + TAIL);
        WorkerConfig config = WorkerConfig.fromEnv(env("CS_MANAGEMENTTOKEN_SECRET_ARN", arn));

        assertThatThrownBy(() -> config.withResolvedSecrets(resolver(), json))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CS_MANAGEMENTTOKEN_SECRET_ARN (" + arn + "): the token for the stack "
                        + API_KEY + " holds a control character")
                .satisfies(e -> assertTokenNowhere(e.getMessage(), String.valueOf(e.getCause())));
    }

    @Test
    void tokenVariableWithAZeroWidthSpaceOrALineBreakInside_initRefusedNamingTheVariableNeverTheToken() {
        for (String bad : new String[] {HEAD + "\u200B" + TAIL, HEAD + "\n" + TAIL}) {
            for (String variable : new String[] {"CS_MANAGEMENTTOKEN", "CS_MANAGEMENTTOKENS"}) {
                Map<String, String> env = env(variable, variable.endsWith("S") ? API_KEY + "=" + bad : bad);

                assertThatThrownBy(() -> WorkerConfig.fromEnv(env))
                        .isInstanceOf(ConfigException.class)
                        .hasMessageContaining(variable + ": the token for the stack " + API_KEY + " holds a ")
                        .satisfies(e -> assertTokenNowhere(e.getMessage()));
            }
        }
    }
}
