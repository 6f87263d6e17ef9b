package dev.permalinker.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.actions.ActionsConfig;
import dev.permalinker.model.JsonCodec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Release actions' secrets, times and alarms in the synthesized template: the build hook's URL (it holds the hook's
 * token) is in no template and no function's environment; the consumer's times are checked by its own rule; an
 * Errors alarm and an age alarm watch the consumer and its queue.
 */
class ReleaseActionsTemplateTest {
    private static final String EXISTING_ARN =
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:permalinker/hook-url-AbCdEf";
    private static Template created;
    private static Template existing;

    @BeforeAll
    static void synth() {
        created = synth(Map.of("permalinker:releaseHook", "true", "permalinker:eventBusName", "default"));
        existing = synth(Map.of("permalinker:releaseHookUrlSecretArn", EXISTING_ARN,
                "permalinker:releaseMaxWait", "PT30M"));
    }

    private static Template synth(Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>(context);
        all.put("permalinker:apiKeys", "bltstackone000001");
        App app = new App(AppProps.builder().context(all).build());
        return Template.fromStack(PermalinkerApp.define(app, PermalinkerApp.projectRoot(Path.of("")
                .toAbsolutePath())));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Template template, String handlerPrefix) {
        return template.findResources("AWS::Lambda::Function").values().stream()
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .filter(p -> String.valueOf(p.get("Handler")).startsWith(handlerPrefix))
                .map(p -> (Map<String, Object>) ((Map<String, Object>) p.get("Environment")).get("Variables"))
                .findFirst().orElseThrow(() -> new AssertionError("no function " + handlerPrefix));
    }

    private static String logicalId(Template template, String type, String idPrefix) {
        return template.findResources(type).keySet().stream().filter(id -> id.startsWith(idPrefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " " + idPrefix));
    }

    @Test
    void hookUrl_inASecretTheConsumerReadsNeverInTheTemplateOrTheIngest() {
        String secret = logicalId(created, "AWS::SecretsManager::Secret", "ReleaseHookUrl");
        created.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of(
                "GenerateSecretString", Match.anyValue(),
                "SecretString", Match.absent())));
        assertThat(environment(created, "dev.permalinker.actions.")).containsEntry("RELEASE_HOOK_URL_SECRET_ARN",
                Map.of("Ref", secret)).doesNotContainKey("RELEASE_HOOK_URL");
        Map<String, Object> ingest = environment(created, "dev.permalinker.ingest.");
        assertThat(ingest).containsKey("ACTIONS_QUEUE_URL")
                .doesNotContainKeys("RELEASE_HOOK_URL", "RELEASE_HOOK_URL_SECRET_ARN", "EVENT_BUS_NAME");
        for (Template template : List.of(created, existing)) {
            for (String handler : List.of("dev.permalinker.ingest.", "dev.permalinker.worker.",
                    "dev.permalinker.actions.", "dev.permalinker.reconcile.")) {
                assertThat(environment(template, handler)).as(handler).doesNotContainKey("RELEASE_HOOK_URL");
            }
        }
        created.hasOutput("ReleaseHookUrlSecretArn", Match.objectLike(Map.of("Value", Map.of("Ref", secret))));
    }

    @Test
    void hookUrl_existingSecret_readByArnNothingCreated() {
        assertThat(existing.findResources("AWS::SecretsManager::Secret").keySet())
                .noneMatch(id -> id.startsWith("ReleaseHookUrl"));
        assertThat(environment(existing, "dev.permalinker.actions."))
                .containsEntry("RELEASE_HOOK_URL_SECRET_ARN", EXISTING_ARN)
                .containsEntry("RELEASE_MAX_WAIT", "PT30M")
                .containsEntry("FUNCTION_TIMEOUT", "PT60S");
        String policies = JsonCodec.create().write(existing.findResources("AWS::IAM::Policy"));
        assertThat(policies).contains("secretsmanager:GetSecretValue").contains(EXISTING_ARN);
    }

    @Test
    void hookUrl_oldPlainContextKey_refusedWithoutEchoingTheUrl() {
        assertThatThrownBy(() -> ReleaseActions.Settings.fromContext(key -> key.equals("releaseHookUrl")
                ? "https://api.netlify.com/build_hooks/s3cr3ttoken" : null))
                .hasMessageContaining("permalinker:releaseHookUrl").hasMessageContaining("releaseHook=true")
                .hasMessageNotContaining("s3cr3ttoken");
        assertThatThrownBy(() -> ReleaseActions.Settings.fromContext(key -> key.equals("releaseHookUrlSecretArn")
                ? "https://api.netlify.com/build_hooks/s3cr3ttoken" : null))
                .hasMessageContaining("permalinker:releaseHookUrlSecretArn").hasMessageNotContaining("s3cr3ttoken");
    }

    @Test
    void alarms_consumerErrorsAndActionsQueueAge() {
        created.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Namespace", "AWS/Lambda",
                "MetricName", "Errors",
                "Statistic", "Sum",
                "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref",
                        logicalId(created, "AWS::Lambda::Function", "ActionsFunction")))))));
        assertThat(created.findResources("AWS::CloudWatch::Alarm").keySet())
                .anyMatch(id -> id.startsWith("ActionsErrorsAlarm"))
                .anyMatch(id -> id.startsWith("ActionsQueueAgeAlarm"));
        // RELEASE_MAX_WAIT (15 minutes by default) and 75 minutes of back-offs and slack.
        created.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Namespace", "AWS/SQS",
                "MetricName", "ApproximateAgeOfOldestMessage",
                "Threshold", 5400,
                "ComparisonOperator", "GreaterThanThreshold",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", Map.of("Fn::GetAtt", List.of(
                        logicalId(created, "AWS::SQS::Queue", "ActionsQueue"), "QueueName")))))));
        existing.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 6300)));
    }

    /**
     * The synth refuses exactly what the consumer's init refuses: the same times through both, the synth's with its
     * function timeout, the consumer's with the {@code FUNCTION_TIMEOUT} the stack sets.
     */
    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "PT60S, -, -, true",
            "-, -, PT30S, true",
            "-, -, PT31S, false",
            "-, -, PT5M, false",
            "PT5M, PT4M, -, false",
            "PT5M, PT5M, -, true",
            "-, PT12H1S, -, false",
            "PT12H, -, -, true",
            "PT0S, -, -, false",
            "-, later, -, false"})
    void settings_timesRefusedAtSynthExactlyWhenTheConsumerRefusesThem(String debounce, String maxWait,
                                                                       String hookTimeout, boolean accepted) {
        Map<String, String> context = new HashMap<>();
        context.put("releaseHook", "true");
        context.put("eventBusName", "default");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ACTIONS_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/p-actions.fifo");
        env.put("ACTIONS_DLQ_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/p-actions-dlq.fifo");
        env.put("RELEASE_HOOK_URL_SECRET_ARN", EXISTING_ARN);
        env.put("EVENT_BUS_NAME", "default");
        env.put("FUNCTION_TIMEOUT", "PT" + ReleaseActions.TIMEOUT.toSeconds() + "S");
        put(context, env, "releaseDebounce", "RELEASE_DEBOUNCE", debounce);
        put(context, env, "releaseMaxWait", "RELEASE_MAX_WAIT", maxWait);
        put(context, env, "releaseHookTimeout", "RELEASE_HOOK_TIMEOUT", hookTimeout);

        boolean synth = accepts(() -> ReleaseActions.Settings.fromContext(context::get));
        boolean init = accepts(() -> ActionsConfig.fromEnv(env));

        assertThat(synth).as("synth").isEqualTo(accepted);
        assertThat(init).as("init").isEqualTo(accepted);
        if (!accepted && hookTimeout != null) {
            assertThatThrownBy(() -> ReleaseActions.Settings.fromContext(context::get))
                    .hasMessageContaining("permalinker:releaseHookTimeout");
        }
    }

    private static void put(Map<String, String> context, Map<String, String> env, String key, String variable,
                            String value) {
        if (value != null) {
            context.put(key, value);
            env.put(variable, value);
        }
    }

    private static boolean accepts(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (RuntimeException e) {
            // The synth's IllegalArgumentException, the consumer's ConfigException.
            return false;
        }
    }
}
