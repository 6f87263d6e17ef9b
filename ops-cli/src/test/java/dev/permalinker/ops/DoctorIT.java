package dev.permalinker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedWebhook;
import dev.permalinker.simulator.WebhookSpec;
import dev.permalinker.testsupport.TestSqs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code permalinker-ops doctor} against the simulated stack, ElasticMQ and a local deployment's facts file (as
 * {@code serve} writes it): a healthy setup passes, each misconfiguration alone is one {@code [FIX]} naming it and its
 * fix, and nothing is ever written to the stack.
 */
class DoctorIT {
    private static final String API_KEY = "bltdoctorstack0001";
    private static final String TOKEN = "doctor-token";
    private static final String INGEST = "https://abc.execute-api.eu-west-1.amazonaws.com/webhooks/contentstack";
    private static final JsonCodec JSON = JsonCodec.create();

    private record Run(int exit, String out, String err) {
        List<String> fixes() {
            return out.lines().filter(l -> l.startsWith("[FIX]")).toList();
        }
    }

    @TempDir
    Path dataDir;
    private final ContentstackSimulator cma = ContentstackSimulator.start(0, TOKEN, 100);
    private final TestSqs sqs = TestSqs.start();
    private SqsClient client;
    private String queueUrl;
    private String dlqUrl;

    @BeforeEach
    void deploy() throws IOException {
        client = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(sqs.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
        dlqUrl = client.createQueue(r -> r.queueName("jobs-dlq.fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        String dlqArn = client.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        queueUrl = client.createQueue(r -> r.queueName("jobs.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"5\"}"))).queueUrl();
        writeFacts(queueUrl);
        cma.addStack(API_KEY, TOKEN);
    }

    private void writeFacts(String jobsQueue) throws IOException {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("WebhookUrl", INGEST);
        facts.put("QueueUrl", jobsQueue);
        facts.put("DeadLetterQueueUrl", dlqUrl);
        facts.put("CmaBaseUrl", cma.baseUrl().toString());
        Files.writeString(dataDir.resolve("deployment.json"), JSON.write(facts));
    }

    @AfterEach
    void stop() {
        client.close();
        sqs.close();
        cma.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("CS_APIKEY", API_KEY);
        env.put("CS_MANAGEMENTTOKEN", TOKEN);
        env.put("CS_SIGNING_KEY_URL", cma.signingKeyUrl().toString());
        env.put("CS_RATE_LIMIT", "100");
        return env;
    }

    private Run doctor(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("--endpoint-url", sqs.endpoint().toString(), "--data-dir",
                dataDir.toString(), "doctor"));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OpsCli.run(all.toArray(String[]::new), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertThat(cma.received()).as("doctor only reads").allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
        return run;
    }

    private Run doctor(String... args) {
        return doctor(env(), args);
    }

    private static WebhookSpec healthy() {
        return WebhookSpec.assetCreations("Permalinker", INGEST).withNotifiers("ops@example.com");
    }

    /** Exactly one thing to fix, with this text in its verdict and that in its fix. */
    private static void oneFix(Run run, String found, String fix) {
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.fixes()).as(run.out()).singleElement().satisfies(line -> assertThat(line).contains(found));
        String afterFix = run.out().substring(run.out().indexOf("[FIX]"));
        assertThat(afterFix.lines().skip(1).findFirst().orElse("")).contains("fix: ").contains(fix);
        assertThat(run.out()).contains("verdict: 1 thing(s) to fix");
    }

    @Test
    void healthySetup_exit0EveryCheckOkAndWriteAccessHonestlyUnknown() {
        SimulatedWebhook webhook = cma.addWebhook(API_KEY, healthy());
        cma.recordExecution(webhook.uid(), "bltdelivered0001", 202);

        Run run = doctor();
        Run json = doctor("--json");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.fixes()).isEmpty();
        assertThat(run.out()).contains("[ok]      token " + API_KEY + ": valid")
                .contains("[unknown] write access " + API_KEY + ": cannot tell without writing")
                .contains("[ok]      branch " + API_KEY + "/main: readable")
                .contains("webhook \"Permalinker\": destination: delivers to this deployment (" + INGEST + ")")
                .contains("webhook \"Permalinker\": retry policy: automatic")
                .contains("webhook \"Permalinker\": emails to notify: ops@example.com")
                .contains("[ok]      signing key: fetched from " + cma.signingKeyUrl())
                .contains("[ok]      queues: jobs.fifo dead-letters to jobs-dlq.fifo")
                .contains("[ok]      reconciler schedule: serve runs the reconciler itself")
                .contains("verdict: ready to go live");
        assertThat(json.exit()).isZero();
        JsonNode document = parse(json.out());
        assertThat(document.path("healthy").asBoolean()).isTrue();
        assertThat(document.path("checks").findValuesAsText("verdict")).contains("ok", "unknown")
                .doesNotContain("fix");
    }

    @Test
    void subscribedToAll_namedWithItsFix() {
        cma.addWebhook(API_KEY, healthy().withChannels("$all"));

        oneFix(doctor(), "channels: subscribed to $all", "assets.create only");
    }

    @Test
    void manualRetryPolicy_namedWithItsFix() {
        cma.addWebhook(API_KEY, healthy().withRetryPolicy(WebhookSpec.MANUAL));

        oneFix(doctor(), "retry policy: retry_policy manual", "Retry Policy to automatic");
    }

    @Test
    void scopedToOtherBranches_namedWithItsFix() {
        cma.addWebhook(API_KEY, healthy().withBranches("development"));

        oneFix(doctor(), "branches: fires for development, not for main", "add main to the webhook's branches");
    }

    @Test
    void disabled_namedWithItsFix() {
        cma.addWebhook(API_KEY, healthy().withDisabled(true));

        oneFix(doctor(), "enabled and healthy: disabled", "enable it again");
    }

    @Test
    void noEmailToNotify_namedWithItsFix() {
        cma.addWebhook(API_KEY, WebhookSpec.assetCreations("Permalinker", INGEST));

        oneFix(doctor(), "emails to notify: none", "Email Addresses to Notify");
    }

    @Test
    void pointedAtAnOldUrl_namedWithWhereItDeliversAndTheFix() {
        cma.addWebhook(API_KEY, WebhookSpec.assetCreations("Permalinker", "https://old.example/webhooks/contentstack")
                .withNotifiers("ops@example.com"));

        oneFix(doctor(), "no webhook delivers assets.create to " + INGEST + " (\"Permalinker\" delivers to "
                + "https://old.example/webhooks/contentstack)", "point the webhook's URL to Notify at " + INGEST);
    }

    @Test
    void trailingSlashDestinationGetting404s_failingWhileContentstackCallsItHealthy() {
        SimulatedWebhook webhook = cma.addWebhook(API_KEY, WebhookSpec.assetCreations("Permalinker", INGEST + "/")
                .withNotifiers("ops@example.com"));
        cma.recordExecution(webhook.uid(), "bltlost000000001", List.of(Map.entry(404, "{\"message\":\"Not Found\"}")));
        cma.recordExecution(webhook.uid(), "bltlost000000002", List.of(Map.entry(404, "{\"message\":\"Not Found\"}")));

        oneFix(doctor(), "enabled, but 2 of its 2 recent executions failed (404 \"{\"message\":\"Not Found\"}\")",
                "final slash");
    }

    @Test
    void stackNotInTheRegionOrWrongKey_412Hint() {
        Map<String, String> env = env();
        env.put("CS_APIKEY", "bltnotthisregion01");

        oneFix(doctor(env), "token bltnotthisregion01: 412 error_code 109", "set CS_REGION");
    }

    @Test
    void tokenRefused_namedWithItsFix() {
        Map<String, String> env = env();
        env.put("CS_MANAGEMENTTOKEN", "not-the-token");

        oneFix(doctor(env), "the management token was refused (401)", "create a management token");
    }

    @Test
    void tokenForAStackMissingFromCsApiKey_namedWithItsFix() {
        cma.addWebhook(API_KEY, healthy());
        Map<String, String> env = env();
        env.remove("CS_MANAGEMENTTOKEN");
        env.put("CS_MANAGEMENTTOKENS", API_KEY + "=" + TOKEN + ",bltotherstack0001=other");

        oneFix(doctor(env), "CS_MANAGEMENTTOKENS names bltotherstack0001, which CS_APIKEY does not list",
                "add bltotherstack0001 to CS_APIKEY");
    }

    @Test
    void signingKeyUnreachable_namedWithItsFix() {
        cma.addWebhook(API_KEY, healthy());
        Map<String, String> env = env();
        env.put("CS_SIGNING_KEY_URL", "http://127.0.0.1:9/.well-known/public-keys.json");

        oneFix(doctor(env), "signing key: cannot fetch http://127.0.0.1:9/", "outbound HTTPS");
    }

    @Test
    void queueWithoutRedrivePolicy_namedWithItsFix() throws IOException {
        cma.addWebhook(API_KEY, healthy());
        String bare = client.createQueue(r -> r.queueName("bare.fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        writeFacts(bare);

        oneFix(doctor(), "queues: bare.fifo has no redrive policy", "redrive policy");
    }

    @Test
    void explicitQueueUrlWinsOverTheFactsFile() {
        cma.addWebhook(API_KEY, healthy());
        String other = client.createQueue(r -> r.queueName("explicit.fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        Map<String, String> env = env();
        env.put("QUEUE_URL", other);

        oneFix(doctor(env), "queues: explicit.fifo has no redrive policy", "redrive policy");
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
