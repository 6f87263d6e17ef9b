package dev.permalinker.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** The stack with release actions chosen by context (a build hook, an event bus, a hook secret), synthesized. */
class ReleaseActionsStackTest {
    private static Template template;
    private static PermalinkerStack stack;

    @BeforeAll
    static void synth() {
        App app = new App(AppProps.builder().context(Map.of(
                "permalinker:apiKeys", "bltstackone000001",
                "permalinker:releaseHook", "true",
                "permalinker:eventBusName", "default",
                "permalinker:releaseDebounce", "PT90S",
                "permalinker:releaseHookSecret", "true")).build());
        stack = PermalinkerApp.define(app, PermalinkerApp.projectRoot(Path.of("").toAbsolutePath()));
        template = Template.fromStack(stack);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    private static String logicalId(String type, String idPrefix) {
        return template.findResources(type).keySet().stream().filter(id -> id.startsWith(idPrefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " " + idPrefix));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statementsOf(String rolePrefix) {
        String role = logicalId("AWS::IAM::Role", rolePrefix);
        return template.findResources("AWS::IAM::Policy").values().stream()
                .filter(p -> ((List<Object>) props(p).get("Roles")).contains(Map.of("Ref", role)))
                .flatMap(p -> ((List<Map<String, Object>>) ((Map<String, Object>) props(p).get("PolicyDocument"))
                        .get("Statement")).stream())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    @Test
    void queues_fifoActionsQueueWithRedriveToItsFifoDlq() {
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "QueueName", "Permalinker-actions.fifo",
                "FifoQueue", true,
                "ContentBasedDeduplication", false,
                "SqsManagedSseEnabled", true,
                "VisibilityTimeout", 360,
                "RedrivePolicy", Match.objectLike(Map.of(
                        "maxReceiveCount", 10,
                        "deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(
                                logicalId("AWS::SQS::Queue", "ActionsDeadLetterQueue"), "Arn")))))));
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "QueueName", "Permalinker-actions-dlq.fifo",
                "FifoQueue", true,
                "MessageRetentionPeriod", 1_209_600,
                "RedriveAllowPolicy", Match.objectLike(Map.of("redrivePermission", "byQueue")))));
    }

    @Test
    void consumer_snapStartHandlerEnvironmentAndPartialBatchEventSource() {
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.permalinker.actions.ActionsHandler::handleRequest",
                "Runtime", "java21",
                "Timeout", 60,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "ACTIONS_QUEUE_URL", Map.of("Ref", logicalId("AWS::SQS::Queue", "ActionsQueue")),
                        "ACTIONS_DLQ_URL", Map.of("Ref", logicalId("AWS::SQS::Queue", "ActionsDeadLetterQueue")),
                        "RELEASE_DEBOUNCE", "PT90S",
                        "RELEASE_HOOK_URL_SECRET_ARN", Map.of("Ref",
                                logicalId("AWS::SecretsManager::Secret", "ReleaseHookUrl")),
                        "EVENT_BUS_NAME", "default",
                        "RELEASE_HOOK_SECRET_SECRET_ARN", Map.of("Ref",
                                logicalId("AWS::SecretsManager::Secret", "ReleaseHookSecret"))))))));
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
                "BatchSize", 10,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(logicalId("AWS::SQS::Queue", "ActionsQueue"),
                        "Arn")))));
        // ingest, worker, reconciler and the actions consumer
        template.resourceCountIs("AWS::Lambda::Alias", 4);
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.permalinker.ingest.IngestHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "ACTIONS_QUEUE_URL", Map.of("Ref", logicalId("AWS::SQS::Queue", "ActionsQueue"))))))));
    }

    @Test
    void iam_consumerAndIngestGetOnlyWhatTheyCall() {
        Object actionsArn = Map.of("Fn::GetAtt", List.of(logicalId("AWS::SQS::Queue", "ActionsQueue"), "Arn"));
        Object actionsDlqArn = Map.of("Fn::GetAtt", List.of(logicalId("AWS::SQS::Queue", "ActionsDeadLetterQueue"),
                "Arn"));
        List<Map<String, Object>> consumer = statementsOf("ActionsFunctionServiceRole");
        for (Map<String, Object> statement : consumer) {
            assertThat(list(statement.get("Resource"))).as("%s", statement).doesNotContain("*");
        }
        // cdk.json's @aws-cdk/aws-iam:minimizePolicies (the CLI's flags, and the tests' since they read cdk.json)
        // merges the consumer's grant with the event source's on the same queue into one statement.
        assertThat(consumer).filteredOn(s -> list(s.get("Resource")).equals(List.of(actionsArn)))
                .flatExtracting(s -> list(s.get("Action")))
                .contains("sqs:SendMessage", "sqs:ChangeMessageVisibility")
                .containsOnly("sqs:SendMessage", "sqs:ChangeMessageVisibility", "sqs:ReceiveMessage",
                        "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl");
        assertThat(consumer).anySatisfy(s -> {
            assertThat(list(s.get("Action"))).containsExactly("sqs:SendMessage");
            assertThat(list(s.get("Resource"))).containsExactly(actionsDlqArn);
        });
        assertThat(consumer).anySatisfy(s -> {
            assertThat(list(s.get("Action"))).contains("sqs:ReceiveMessage", "sqs:DeleteMessage");
            assertThat(list(s.get("Resource"))).containsExactly(actionsArn);
        });
        assertThat(consumer).anySatisfy(s -> assertThat(list(s.get("Action"))).containsExactly("events:PutEvents"));
        assertThat(consumer).anySatisfy(s -> {
            assertThat(list(s.get("Action"))).containsExactly("secretsmanager:GetSecretValue");
            assertThat(list(s.get("Resource"))).contains(Map.of("Ref",
                    logicalId("AWS::SecretsManager::Secret", "ReleaseHookSecret")));
        });
        assertThat(consumer).anySatisfy(s -> {
            assertThat(list(s.get("Action"))).containsExactly("secretsmanager:GetSecretValue");
            assertThat(list(s.get("Resource"))).contains(Map.of("Ref",
                    logicalId("AWS::SecretsManager::Secret", "ReleaseHookUrl")));
        });
        assertThat(statementsOf("IngestFunctionServiceRole")).anySatisfy(s -> {
            assertThat(list(s.get("Action"))).containsExactly("sqs:SendMessage");
            assertThat(list(s.get("Resource"))).containsExactly(actionsArn);
        });
        assertThat(statementsOf("IngestFunctionServiceRole")).noneSatisfy(s ->
                assertThat(list(s.get("Action"))).contains("events:PutEvents"));
    }

    @Test
    void worker_permanentUrlEventsOnTheNamedBusOnly() {
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.permalinker.worker.WorkerHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("EVENT_BUS_NAME", "default"))))));
        assertThat(statementsOf("WorkerFunctionServiceRole")).anySatisfy(s -> {
            assertThat(list(s.get("Action"))).containsExactly("events:PutEvents");
            assertThat(String.valueOf(s.get("Resource"))).contains(":event-bus/default").doesNotContain("*");
        });
    }

    @Test
    void alarms_actionsDlqNotEmptyAndActionsFailed() {
        // the pipeline's 12 (with the reconciler's) and the four of release actions
        template.resourceCountIs("AWS::CloudWatch::Alarm", 16);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", Map.of("Fn::GetAtt", List.of(
                        logicalId("AWS::SQS::Queue", "ActionsDeadLetterQueue"), "QueueName")))))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "ReleaseActions",
                "Namespace", "Permalinker",
                "Dimensions", Match.arrayWith(List.of(Map.of("Name", "Outcome", "Value", "failed"))),
                "Threshold", 1)));
    }

    @Test
    void cdkNag_noUnsuppressedFinding() {
        List<SynthesisMessage> errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp(".*"));
        assertThat(errors).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
    }

    @Test
    void settings_nothingChosen_off() {
        assertThat(ReleaseActions.Settings.fromContext(key -> null).enabled()).isFalse();
    }

    @Test
    void settings_debounceOutsideOneHold_refusedAtSynth() {
        for (String bad : List.of("PT0S", "-PT5S", "PT12H1S", "P5000D")) {
            assertThatThrownBy(() -> ReleaseActions.Settings.fromContext(key -> switch (key) {
                case "releaseHook" -> "true";
                case "releaseDebounce" -> bad;
                default -> null;
            })).as(bad).hasMessageContaining("permalinker:releaseDebounce");
        }
        assertThat(ReleaseActions.Settings.fromContext(key -> switch (key) {
            case "releaseHook" -> "true";
            case "releaseDebounce" -> "PT12H";
            default -> null;
        }).timings().debounce()).isEqualTo(java.time.Duration.ofHours(12));
    }
}
