package dev.permalinker.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.permalinker.ledger.aws.LedgerTable;
import dev.permalinker.model.DeploymentOutput;
import dev.permalinker.model.WorkerOutcome;
import dev.permalinker.telemetry.PipelineMetric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** Synthesizes the real app (with cdk-nag) once and asserts on the template. */
class PermalinkerStackTest {
    private static Template template;
    private static PermalinkerStack stack;

    /** The same deployment with HMAC signing and a custom header secret chosen by context. */
    private static Template hmacTemplate;

    @BeforeAll
    static void synth() {
        // Written to target/cdk.out: .ci/run lints this template with cfn-lint.
        App app = new App(AppProps.builder().outdir("target/cdk.out").context(Map.of(
                "permalinker:apiKeys", "bltstackone000001,bltstacktwo000002",
                "permalinker:csRegion", "EU",
                "permalinker:rateLimit", "10",
                "permalinker:maxConcurrency", "3",
                "permalinker:maxReceiveCount", "7",
                "permalinker:alarmEmail", "oncall@example.com",
                "permalinker:reconcileBranches", "main,develop",
                "permalinker:reconcileGrace", "PT10M",
                "permalinker:secretsRevision", "2026-11-23")).build());
        stack = PermalinkerApp.define(app, PermalinkerApp.projectRoot(Path.of("").toAbsolutePath()));
        template = Template.fromStack(stack);
        App hmacApp = new App(AppProps.builder().context(Map.of(
                "permalinker:apiKeys", "bltstackone000001",
                "permalinker:signatureMethod", "hmac",
                "permalinker:headerSecret", "true",
                "permalinker:reconcileEveryMinutes", "0")).build());
        hmacTemplate = Template.fromStack(PermalinkerApp.define(hmacApp,
                PermalinkerApp.projectRoot(Path.of("").toAbsolutePath())));
    }

    private static Template synthWith(Map<String, Object> context) {
        App app = new App(AppProps.builder().context(context).build());
        return Template.fromStack(PermalinkerApp.define(app, PermalinkerApp.projectRoot(Path.of("").toAbsolutePath())));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    private static Map<String, Object> function(String handlerPrefix) {
        return template.findResources("AWS::Lambda::Function").values().stream()
                .filter(r -> String.valueOf(props(r).get("Handler")).startsWith(handlerPrefix))
                .findFirst().map(PermalinkerStackTest::props).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> env(Map<String, Object> function) {
        return (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
    }

    private static String logicalId(String type, String idPrefix) {
        return template.findResources(type).keySet().stream().filter(id -> id.startsWith(idPrefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " " + idPrefix));
    }

    @Test
    void functions_java21Arm64SnapStartJsonLogsMeasuredSizes() {
        for (String handler : List.of("dev.permalinker.ingest.IngestHandler", "dev.permalinker.worker.WorkerHandler",
                "dev.permalinker.reconcile.function.ReconcilerHandler")) {
            template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "Handler", handler + "::handleRequest",
                    "Runtime", "java21",
                    "Architectures", List.of("arm64"),
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                    "LoggingConfig", Match.objectLike(Map.of("LogFormat", "JSON")))));
        }
        assertThat(function("dev.permalinker.ingest").get("MemorySize")).isEqualTo(1024);
        assertThat(function("dev.permalinker.ingest").get("Timeout")).isEqualTo(10);
        assertThat(function("dev.permalinker.worker").get("MemorySize")).isEqualTo(512);
        assertThat(function("dev.permalinker.worker").get("Timeout")).isEqualTo(60);
        assertThat(function("dev.permalinker.reconcile").get("MemorySize")).isEqualTo(512);
        assertThat(function("dev.permalinker.reconcile").get("Timeout")).isEqualTo(120);
        template.resourceCountIs("AWS::Lambda::Alias", 3);
        template.allResourcesProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of("RetentionInDays", 30)));
    }

    @Test
    void jobsQueue_highThroughputFifoEncryptedWithRedriveToDlq() {
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "FifoQueue", true,
                "ContentBasedDeduplication", false,
                "DeduplicationScope", "messageGroup",
                "FifoThroughputLimit", "perMessageGroupId",
                "SqsManagedSseEnabled", true,
                "VisibilityTimeout", 360,
                "MessageRetentionPeriod", 1_209_600,
                "RedrivePolicy", Match.objectLike(Map.of(
                        "maxReceiveCount", 7,
                        "deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(
                                logicalId("AWS::SQS::Queue", "DeadLetterQueue"), "Arn")))))));
        assertThat((Integer) function("dev.permalinker.worker").get("Timeout") * 6).isLessThanOrEqualTo(360);
    }

    @Test
    void deadLetterQueue_fifoFourteenDaysRedriveAllowedOnlyFromJobsQueue() {
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "FifoQueue", true,
                "QueueName", "Permalinker-dlq.fifo",
                "MessageRetentionPeriod", 1_209_600,
                "SqsManagedSseEnabled", true,
                "RedriveAllowPolicy", Match.objectLike(Map.of(
                        "redrivePermission", "byQueue",
                        "sourceQueueArns", List.of(Match.anyValue()))))));
    }

    @Test
    void queuePolicies_denyEverythingWithoutTls() {
        template.resourceCountIs("AWS::SQS::QueuePolicy", 2);
        template.allResourcesProperties("AWS::SQS::QueuePolicy", Match.objectLike(Map.of(
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Action", "sqs:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
    }

    @Test
    void eventSourceMapping_batchTenPartialFailuresMaxConcurrencyHandedToWorker() {
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
                "BatchSize", 10,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "ScalingConfig", Map.of("MaximumConcurrency", 3))));
        Map<String, Object> env = env(function("dev.permalinker.worker"));
        assertThat(env).containsEntry("WORKER_MAX_CONCURRENCY", "3").containsEntry("CS_RATE_LIMIT", "10")
                .containsEntry("CS_RATE_SHARE", "0.8")
                .containsEntry("CS_REGION", "EU");
    }

    @Test
    void httpApi_postRouteToIngestAliasWithThrottlingAndAccessLogs() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Match.objectLike(Map.of(
                "RouteKey", "POST /webhooks/contentstack")));
        template.hasResourceProperties("AWS::ApiGatewayV2::Integration", Match.objectLike(Map.of(
                "IntegrationType", "AWS_PROXY",
                "PayloadFormatVersion", "2.0",
                "IntegrationUri", Map.of("Ref", logicalId("AWS::Lambda::Alias", "IngestLive")))));
        template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Match.objectLike(Map.of(
                "StageName", "$default",
                "AutoDeploy", true,
                "DefaultRouteSettings", Match.objectLike(Map.of(
                        "ThrottlingRateLimit", 200, "ThrottlingBurstLimit", 500)),
                "AccessLogSettings", Match.objectLike(Map.of("DestinationArn", Match.anyValue())))));
    }

    @Test
    void environment_certificateByDefaultTokensPerStackAndNoSharedSecret() {
        String jobs = logicalId("AWS::SQS::Queue", "JobsQueue");
        String dlq = logicalId("AWS::SQS::Queue", "DeadLetterQueue");
        String tokens = logicalId("AWS::SecretsManager::Secret", "ManagementTokens");

        Map<String, Object> ingest = env(function("dev.permalinker.ingest"));
        assertThat(ingest).containsEntry("CS_APIKEY", "bltstackone000001,bltstacktwo000002")
                .containsEntry("CS_REGION", "EU")
                .containsEntry("CS_SIGNATURE_METHOD", "certificate")
                .containsEntry("QUEUE_URL", Map.of("Ref", jobs))
                .doesNotContainKeys("CS_SECRET_SECRET_ARN", "CS_HMAC_SECRETS_SECRET_ARN",
                        "CS_MANAGEMENTTOKENS_SECRET_ARN");
        Map<String, Object> worker = env(function("dev.permalinker.worker"));
        assertThat(worker).containsEntry("DLQ_URL", Map.of("Ref", dlq))
                .containsEntry("CS_APIKEY", "bltstackone000001,bltstacktwo000002")
                .containsEntry("CS_MANAGEMENTTOKENS_SECRET_ARN", Map.of("Ref", tokens))
                .doesNotContainKeys("CS_SECRET_SECRET_ARN", "CS_MANAGEMENTTOKEN_SECRET_ARN");
        template.resourceCountIs("AWS::SecretsManager::Secret", 1);
        // One secret holds every stack's token as a JSON object; its value in the template names no stack.
        template.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of("SecretString",
                PermalinkerStack.TOKENS_INITIAL_VALUE)));
        assertThat(ingest).containsEntry("SECRETS_REVISION", "2026-11-23");
        assertThat(worker).containsEntry("SECRETS_REVISION", "2026-11-23");
    }

    @Test
    void hmacAndHeaderSecret_chosenByContext_eachInItsOwnSecretReadOnlyByTheIngest() {
        Map<String, Object> ingest = hmacTemplate.findResources("AWS::Lambda::Function").values().stream()
                .map(PermalinkerStackTest::props)
                .filter(p -> String.valueOf(p.get("Handler")).startsWith("dev.permalinker.ingest"))
                .findFirst().orElseThrow();
        String hmacKeys = hmacTemplate.findResources("AWS::SecretsManager::Secret").keySet().stream()
                .filter(id -> id.startsWith("HmacSigningKeys")).findFirst().orElseThrow();
        String header = hmacTemplate.findResources("AWS::SecretsManager::Secret").keySet().stream()
                .filter(id -> id.startsWith("WebhookSecret")).findFirst().orElseThrow();

        assertThat(env(ingest)).containsEntry("CS_SIGNATURE_METHOD", "hmac")
                .containsEntry("CS_HMAC_SECRETS_SECRET_ARN", Map.of("Ref", hmacKeys))
                .containsEntry("CS_SECRET_SECRET_ARN", Map.of("Ref", header));
        hmacTemplate.resourceCountIs("AWS::SecretsManager::Secret", 3);
        hmacTemplate.hasOutput("HmacSigningKeysSecretArn", Match.anyValue());
        hmacTemplate.hasOutput("WebhookSecretArn", Match.anyValue());
    }

    @Test
    void reconciler_scheduledEveryFiveMinutesOnItsLiveAliasWithItsOwnLogsAndTheApisUrl() {
        String jobs = logicalId("AWS::SQS::Queue", "JobsQueue");
        String tokens = logicalId("AWS::SecretsManager::Secret", "ManagementTokens");
        String alias = logicalId("AWS::Lambda::Alias", "ReconcilerLive");
        template.resourceCountIs("AWS::Events::Rule", 1);
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "ScheduleExpression", "rate(5 minutes)",
                "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", alias),
                        "RetryPolicy", Match.objectLike(Map.of("MaximumRetryAttempts", 0))))))));
        template.hasResourceProperties("AWS::Lambda::Permission", Match.objectLike(Map.of(
                "Action", "lambda:InvokeFunction", "Principal", "events.amazonaws.com",
                "FunctionName", Map.of("Ref", alias))));

        Map<String, Object> reconciler = function("dev.permalinker.reconcile");
        assertThat(env(reconciler)).containsEntry("CS_APIKEY", "bltstackone000001,bltstacktwo000002")
                .containsEntry("CS_MANAGEMENTTOKENS_SECRET_ARN", Map.of("Ref", tokens))
                .containsEntry("CS_REGION", "EU")
                .containsEntry("QUEUE_URL", Map.of("Ref", jobs))
                .containsEntry("SECRETS_REVISION", "2026-11-23")
                .containsEntry("RECONCILE_BRANCHES", "main,develop")
                .containsEntry("RECONCILE_GRACE", "PT10M")
                .doesNotContainKeys("DLQ_URL", "CS_MANAGEMENTTOKEN", "RECONCILE_LOOKBACK");
        Object webhookUrl = template.findOutputs("WebhookUrl").get("WebhookUrl").get("Value");
        assertThat(env(reconciler).get("PUBLIC_WEBHOOK_URL")).as("the URL Contentstack delivers to")
                .isEqualTo(webhookUrl);
        assertThat(reconciler.get("LoggingConfig")).isEqualTo(Map.of("LogFormat", "JSON",
                "ApplicationLogLevel", "INFO", "SystemLogLevel", "WARN",
                "LogGroup", Map.of("Ref", logicalId("AWS::Logs::LogGroup", "ReconcilerLogs"))));
    }

    @Test
    void reconcileWindowContext_notADuration_failsTheSynthNamingTheKey() {
        App app = new App(AppProps.builder().context(Map.of("permalinker:reconcileLookback", "one day")).build());
        assertThatThrownBy(() -> Reconciliation.windowEnvironment(app))
                .hasMessageContaining("permalinker:reconcileLookback").hasMessageContaining("one day");
        App negative = new App(AppProps.builder().context(Map.of("permalinker:reconcileGrace", "-PT1M")).build());
        assertThatThrownBy(() -> Reconciliation.windowEnvironment(negative))
                .hasMessageContaining("permalinker:reconcileGrace");
    }

    @Test
    void reconciler_leastPrivilege_sendsToTheJobQueueAndReadsItsTokenSecretOnly() {
        String jobs = logicalId("AWS::SQS::Queue", "JobsQueue");
        String token = logicalId("AWS::SecretsManager::Secret", "ManagementTokens");
        List<Map<String, Object>> statements = statementsOf("ReconcilerFunctionServiceRole");

        assertThat(statements).flatExtracting(s -> list(s.get("Action")))
                .containsOnly("sqs:SendMessage", "sqs:GetQueueAttributes", "secretsmanager:GetSecretValue",
                        "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem");
        assertThat(statements).filteredOn(s -> list(s.get("Action")).contains("sqs:SendMessage"))
                .singleElement().satisfies(s -> assertThat(list(s.get("Resource")))
                        .containsExactly(Map.of("Fn::GetAtt", List.of(jobs, "Arn"))));
        assertThat(statements).filteredOn(s -> list(s.get("Action")).contains("secretsmanager:GetSecretValue"))
                .singleElement().satisfies(s -> assertThat(list(s.get("Resource")))
                        .containsExactly(Map.of("Ref", token)));
    }

    @Test
    void reconciliationAlarms_webhookUnhealthyMissedAssetsRefusedDeliveries_eachSayingWhatToDo() {
        Map<String, Map<String, Object>> alarms = template.findResources("AWS::CloudWatch::Alarm");
        Map<String, Object> unhealthy = props(alarms.get(logicalId("AWS::CloudWatch::Alarm",
                "WebhookUnhealthyAlarm")));
        Map<String, Object> missed = props(alarms.get(logicalId("AWS::CloudWatch::Alarm", "MissedAssetsAlarm")));
        Map<String, Object> refused = props(alarms.get(logicalId("AWS::CloudWatch::Alarm",
                "RefusedDeliveriesAlarm")));

        assertThat((String) unhealthy.get("AlarmDescription")).contains("permalinker-ops webhook status")
                .contains("re-enable the webhook");
        assertThat(unhealthy).containsEntry("Threshold", 1)
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold");
        List<Object> queries = list(unhealthy.get("Metrics"));
        assertThat(queries).anySatisfy(q -> assertThat(String.valueOf(((Map<?, ?>) q).get("Expression")))
                .contains("disabled").contains("unhealthy").contains("missing"));
        assertThat(queries).filteredOn(q -> ((Map<?, ?>) q).containsKey("MetricStat")).hasSize(3)
                .allSatisfy(q -> assertThat(q.toString()).contains("WebhookUnhealthy"));

        // Labelled metrics are rendered as MetricStat queries.
        assertThat(missed.get("Metrics").toString()).contains("MetricName=ReconcileQueued").contains("Stat=Sum");
        assertThat(missed).containsEntry("Threshold", 1)
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold");
        assertThat((String) missed.get("AlarmDescription")).contains("deliveries are being lost")
                .contains("webhook status");

        assertThat(refused.get("Metrics").toString()).contains("MetricName=Webhooks")
                .contains("{Name=Status, Value=401}").contains("Period=300");
        assertThat(refused).containsEntry("Threshold", Reconciliation.REFUSED_DELIVERIES_THRESHOLD)
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold");
        assertThat((String) refused.get("AlarmDescription")).contains("401").contains("key or secret is wrong");
        for (Map<String, Object> alarm : List.of(unhealthy, missed, refused)) {
            assertThat(alarm).containsEntry("TreatMissingData", "notBreaching");
            assertThat(list(alarm.get("AlarmActions"))).containsExactly(Map.of("Ref",
                    logicalId("AWS::SNS::Topic", "AlarmTopic")));
        }
    }

    @Test
    void reconcileEveryMinutesZero_leavesTheFunctionScheduleAndItsAlarmsOutButWatchesRefusedDeliveries() {
        hmacTemplate.resourceCountIs("AWS::Events::Rule", 0);
        assertThat(hmacTemplate.findResources("AWS::Lambda::Function").values()).filteredOn(r -> String.valueOf(
                props(r).get("Runtime")).startsWith("java")).hasSize(2);
        hmacTemplate.resourceCountIs("AWS::CloudWatch::Alarm", 8);
        assertThat(hmacTemplate.findResources("AWS::CloudWatch::Alarm").keySet())
                .anyMatch(id -> id.startsWith("RefusedDeliveriesAlarm"))
                .anyMatch(id -> id.startsWith("LedgerUnavailableAlarm"))
                .noneMatch(id -> id.startsWith("MissedAssetsAlarm") || id.startsWith("WebhookUnhealthyAlarm")
                        || id.startsWith("ReconcilerErrorsAlarm") || id.startsWith("ReconcilerHeartbeatAlarm"));
    }

    /** Every IAM statement of a role's policies, as (actions, resources). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statementsOf(String roleIdPrefix) {
        String role = logicalId("AWS::IAM::Role", roleIdPrefix);
        List<Map<String, Object>> statements = new ArrayList<>();
        template.findResources("AWS::IAM::Policy").values().forEach(policy -> {
            List<Object> roles = (List<Object>) props(policy).get("Roles");
            if (roles.contains(Map.of("Ref", role))) {
                statements.addAll((List<Map<String, Object>>) ((Map<String, Object>) props(policy)
                        .get("PolicyDocument")).get("Statement"));
            }
        });
        return statements;
    }

    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of(value);
    }

    @Test
    void iam_leastPrivilegeNoWildcardOnQueuesOrSecrets() {
        String jobs = logicalId("AWS::SQS::Queue", "JobsQueue");
        String dlq = logicalId("AWS::SQS::Queue", "DeadLetterQueue");
        String token = logicalId("AWS::SecretsManager::Secret", "ManagementTokens");
        Object jobsArn = Map.of("Fn::GetAtt", List.of(jobs, "Arn"));
        Object dlqArn = Map.of("Fn::GetAtt", List.of(dlq, "Arn"));

        for (String role : List.of("IngestFunctionServiceRole", "WorkerFunctionServiceRole")) {
            for (Map<String, Object> statement : statementsOf(role)) {
                boolean touchesQueuesOrSecrets = list(statement.get("Action")).stream()
                        .anyMatch(a -> a.toString().startsWith("sqs:") || a.toString().startsWith("secretsmanager:"));
                if (touchesQueuesOrSecrets) {
                    assertThat(list(statement.get("Resource"))).as("%s %s", role, statement).doesNotContain("*");
                    assertThat(list(statement.get("Action"))).doesNotContain("sqs:*", "secretsmanager:*");
                }
            }
        }
        List<Map<String, Object>> ingest = statementsOf("IngestFunctionServiceRole");
        assertThat(ingest).anySatisfy(s -> {
            assertThat(list(s.get("Action"))).contains("sqs:SendMessage");
            assertThat(list(s.get("Resource"))).containsExactly(jobsArn);
        });
        // Only what the code calls (SendMessage; GetQueueAttributes when SnapStart priming runs): no GetQueueUrl or
        // DescribeSecret from grant helpers.
        assertThat(ingest).flatExtracting(s -> list(s.get("Action")))
                .containsOnly("sqs:SendMessage", "sqs:GetQueueAttributes");
        assertThat(ingest).noneSatisfy(s -> assertThat(list(s.get("Resource"))).contains(Map.of("Ref", token)));
        assertThat(ingest).noneSatisfy(s -> assertThat(list(s.get("Action"))).contains("sqs:ReceiveMessage"));

        List<Map<String, Object>> worker = statementsOf("WorkerFunctionServiceRole");
        assertThat(worker).anySatisfy(s -> {
            assertThat(list(s.get("Action"))).contains("sqs:ReceiveMessage", "sqs:DeleteMessage");
            assertThat(list(s.get("Resource"))).containsExactly(jobsArn);
        });
        assertThat(worker).anySatisfy(s -> {
            assertThat(list(s.get("Action"))).contains("sqs:SendMessage");
            assertThat(list(s.get("Resource"))).containsExactly(dlqArn);
        });
        assertThat(worker).anySatisfy(s -> {
            assertThat(list(s.get("Action"))).contains("secretsmanager:GetSecretValue");
            assertThat(list(s.get("Resource"))).containsExactly(Map.of("Ref", token));
        });
        assertThat(worker).noneSatisfy(s -> assertThat(list(s.get("Action")))
                .containsAnyOf("secretsmanager:DescribeSecret"));
        assertThat(worker).filteredOn(s -> list(s.get("Resource")).contains(dlqArn))
                .flatExtracting(s -> list(s.get("Action"))).containsOnly("sqs:SendMessage", "sqs:GetQueueAttributes");
    }

    @Test
    void alarms_dlqOldestMessageIngest5xxWorkerErrorsThrottlesAndSlowUrlsNotifyTopic() {
        template.resourceCountIs("AWS::CloudWatch::Alarm", 12);
        String topic = logicalId("AWS::SNS::Topic", "AlarmTopic");
        template.allResourcesProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmActions", List.of(Map.of("Ref", topic)))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 0,
                "ComparisonOperator", "GreaterThanThreshold",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value",
                        Map.of("Fn::GetAtt", List.of(logicalId("AWS::SQS::Queue", "DeadLetterQueue"),
                                "QueueName")))))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 900)));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "5xx", "Namespace", "AWS/ApiGateway")));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "Errors", "Namespace", "AWS/Lambda")));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "Throttles", "Namespace", "AWS/Lambda")));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("MetricStat", Match.objectLike(Map.of(
                        "Metric", Match.objectLike(Map.of("MetricName", "TimeToPermanentUrl",
                                "Namespace", "Permalinker")),
                        "Stat", "p90", "Period", 300)))))),
                "Threshold", 900_000, "EvaluationPeriods", 3)));
        template.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of("KmsMasterKeyId", Match.anyValue())));
        template.hasResourceProperties("AWS::SNS::Subscription", Match.objectLike(Map.of(
                "Protocol", "email", "Endpoint", "oncall@example.com")));
    }

    @Test
    void alarmTopicKey_cloudWatchOfThisAccountOnlyAndRemovalStated() {
        template.hasResource("AWS::KMS::Key", Match.objectLike(Map.of(
                "DeletionPolicy", "Delete",
                "Properties", Match.objectLike(Map.of(
                        "EnableKeyRotation", true,
                        "PendingWindowInDays", 7,
                        "KeyPolicy", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(
                                Map.of("Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                                        "Condition", Match.objectLike(Map.of(
                                                "StringEquals", Map.of("aws:SourceAccount",
                                                        Map.of("Ref", "AWS::AccountId")),
                                                "ArnLike", Match.objectLike(Map.of(
                                                        "aws:SourceArn", Match.anyValue())))))))))))))));
    }

    @Test
    void dashboardAndAlarms_nameOnlyMetricsTheCodeEmitsAndShowEveryOne() throws Exception {
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        template.resourceCountIs("AWS::Logs::MetricFilter", 0);
        List<List<String>> referenced = new ArrayList<>(dashboardMetrics());
        int onDashboard = referenced.size();
        for (Map<String, Object> alarm : template.findResources("AWS::CloudWatch::Alarm").values()) {
            Map<String, Object> properties = props(alarm);
            if (properties.containsKey("Metrics")) {
                // A labelled metric or a math expression: rendered as queries; an expression names no metric.
                for (Object query : list(properties.get("Metrics"))) {
                    if (!((Map<?, ?>) query).containsKey("MetricStat")) {
                        continue;
                    }
                    referenced.add(alarmMetric((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) query).get("MetricStat"))
                            .get("Metric")));
                }
            } else {
                referenced.add(alarmMetric(properties));
            }
        }
        assertThat(onDashboard).isGreaterThan(20);

        Map<String, PipelineMetric> emitted = new HashMap<>();
        for (PipelineMetric metric : PipelineMetric.values()) {
            emitted.put(metric.metricName(), metric);
        }
        Set<String> shown = new HashSet<>();
        for (List<String> metric : referenced) {
            String namespace = metric.get(0);
            if (namespace.startsWith("AWS/")) {
                continue;  // AWS's own: queues, API, functions
            }
            assertThat(namespace).isEqualTo(PipelineMetric.DEFAULT_NAMESPACE);
            PipelineMetric code = emitted.get(metric.get(1));
            assertThat(code).as("%s is not a metric the functions emit", metric).isNotNull();
            Map<String, String> dimensions = new HashMap<>();
            for (int i = 2; i + 1 < metric.size(); i += 2) {
                dimensions.put(metric.get(i), metric.get(i + 1));
            }
            Set<String> expected = code.dimension() == null ? Set.of(PipelineMetric.SERVICE_DIMENSION)
                    : Set.of(PipelineMetric.SERVICE_DIMENSION, code.dimension());
            // A dimension set is a set: CloudWatch matches it in any order.
            assertThat(dimensions.keySet()).as("dimensions of %s", metric).isEqualTo(expected);
            assertThat(dimensions.get(PipelineMetric.SERVICE_DIMENSION)).isEqualTo(stack.getStackName());
            if (code == PipelineMetric.JOBS) {
                assertThat(Arrays.stream(WorkerOutcome.values()).map(WorkerOutcome::wire))
                        .contains(dimensions.get("Outcome"));
            }
            shown.add(code.metricName());
        }
        assertThat(shown).as("every metric the code emits is on the dashboard or an alarm")
                .containsExactlyInAnyOrderElementsOf(emitted.keySet());
        // The functions write to the namespace and Service value the dashboard reads.
        for (String handler : List.of("dev.permalinker.ingest", "dev.permalinker.worker",
                "dev.permalinker.reconcile")) {
            assertThat(env(function(handler))).containsEntry("METRICS_NAMESPACE", PipelineMetric.DEFAULT_NAMESPACE)
                    .containsEntry("METRICS_SERVICE", stack.getStackName());
        }
    }

    private static List<String> alarmMetric(Map<?, ?> metric) {
        List<String> parts = new ArrayList<>(List.of((String) metric.get("Namespace"),
                (String) metric.get("MetricName")));
        Object dimensions = metric.get("Dimensions");
        for (Object dimension : dimensions == null ? List.of() : list(dimensions)) {
            parts.add((String) ((Map<?, ?>) dimension).get("Name"));
            parts.add(String.valueOf(((Map<?, ?>) dimension).get("Value")));
        }
        return parts;
    }

    /** Each metric of each dashboard widget as [namespace, name, dimension, value, …]; tokens read as "${Token}". */
    @SuppressWarnings("unchecked")
    private static List<List<String>> dashboardMetrics() throws Exception {
        Map<String, Object> dashboard = props(template.findResources("AWS::CloudWatch::Dashboard").values()
                .iterator().next());
        Object body = dashboard.get("DashboardBody");
        StringBuilder json = new StringBuilder();
        if (body instanceof String text) {
            json.append(text);
        } else {
            List<Object> join = (List<Object>) ((Map<String, Object>) body).get("Fn::Join");
            for (Object part : (List<Object>) join.get(1)) {
                json.append(part instanceof String text ? text : "${Token}");
            }
        }
        List<List<String>> metrics = new ArrayList<>();
        for (JsonNode widget : new ObjectMapper().readTree(json.toString()).path("widgets")) {
            for (JsonNode metric : widget.path("properties").path("metrics")) {
                List<String> parts = new ArrayList<>();
                metric.forEach(part -> {
                    if (part.isTextual()) {
                        parts.add(part.asText());
                    }
                });
                metrics.add(parts);
            }
        }
        return metrics;
    }

    @Test
    void outputs_webhookUrlQueuesDashboardLedgerAndLogGroups() {
        for (DeploymentOutput output : List.of(DeploymentOutput.WebhookUrl, DeploymentOutput.QueueUrl,
                DeploymentOutput.DeadLetterQueueUrl, DeploymentOutput.DashboardUrl,
                DeploymentOutput.ManagementTokensSecretArn, DeploymentOutput.LedgerTableName,
                DeploymentOutput.IngestLogGroup, DeploymentOutput.WorkerLogGroup,
                DeploymentOutput.ReconcilerLogGroup)) {
            template.hasOutput(output.name(), Match.anyValue());
        }
        assertThat(template.findOutputs("LedgerTableName").get("LedgerTableName").get("Value"))
                .isEqualTo(Map.of("Ref", logicalId("AWS::DynamoDB::Table", "LedgerTable")));
        for (String[] logs : new String[][] {{"IngestLogGroup", "IngestLogs"}, {"WorkerLogGroup", "WorkerLogs"},
                {"ReconcilerLogGroup", "ReconcilerLogs"}}) {
            assertThat(template.findOutputs(logs[0]).get(logs[0]).get("Value"))
                    .isEqualTo(Map.of("Ref", logicalId("AWS::Logs::LogGroup", logs[1])));
        }
    }

    @Test
    void outputs_everyKeyIsADeploymentOutput_soPermalinkerOpsFindsItByName() {
        for (Template synthesized : List.of(template, hmacTemplate)) {
            Set<String> keys = synthesized.findOutputs("*").keySet();
            assertThat(keys).isNotEmpty();
            assertThat(keys).allSatisfy(key -> assertThat(DeploymentOutput.fromKey(key))
                    .as("output %s is not a DeploymentOutput name", key).isPresent());
        }
    }

    @Test
    void ledgerTable_onDemandTtlOnExpiresAtAwsOwnedKeyKeyedAsTheStoreReadsIt() {
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.hasResource("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "DeletionPolicy", "Delete",
                "Properties", Match.objectLike(Map.of(
                        "BillingMode", "PAY_PER_REQUEST",
                        "KeySchema", List.of(Map.of("AttributeName", LedgerTable.PARTITION_KEY, "KeyType", "HASH")),
                        "AttributeDefinitions", List.of(Map.of("AttributeName", LedgerTable.PARTITION_KEY,
                                "AttributeType", "S")),
                        "TimeToLiveSpecification", Map.of("AttributeName", LedgerTable.TTL_ATTRIBUTE,
                                "Enabled", true),
                        // DynamoDB encrypts every table at rest; SSEEnabled false = its AWS-owned key, no KMS key.
                        "SSESpecification", Map.of("SSEEnabled", false),
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", false))))));
    }

    @Test
    void ledgerPointInTimeRecovery_byContext_onWhenTrueAndRefusedWhenNotABoolean() {
        Template withPitr = synthWith(Map.of("permalinker:apiKeys", "bltstackone000001",
                "permalinker:ledgerPointInTimeRecovery", "true"));
        withPitr.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))));

        App wrong = new App(AppProps.builder().context(Map.of("permalinker:ledgerPointInTimeRecovery", "yes"))
                .build());
        assertThatThrownBy(() -> AssetLedgerTable.pointInTimeRecovery(wrong))
                .hasMessageContaining("permalinker:ledgerPointInTimeRecovery").hasMessageContaining("yes");
    }

    @Test
    void ledgerGrants_workerAndReconcilerOnlyTheActionsTheyCallOnTheTableAndTheIngestNone() {
        String table = logicalId("AWS::DynamoDB::Table", "LedgerTable");
        Object tableArn = Map.of("Fn::GetAtt", List.of(table, "Arn"));
        Map<String, List<String>> expected = Map.of(
                "WorkerFunctionServiceRole", List.of("dynamodb:GetItem", "dynamodb:PutItem"),
                "ReconcilerFunctionServiceRole", List.of("dynamodb:GetItem", "dynamodb:BatchGetItem",
                        "dynamodb:PutItem"));
        expected.forEach((role, actions) -> {
            List<Map<String, Object>> ledger = statementsOf(role).stream()
                    .filter(s -> list(s.get("Action")).stream().anyMatch(a -> a.toString().startsWith("dynamodb:")))
                    .toList();
            assertThat(ledger).as(role).isNotEmpty().allSatisfy(s ->
                    assertThat(list(s.get("Resource"))).containsExactly(tableArn));
            assertThat(ledger).flatExtracting(s -> list(s.get("Action"))).as(role)
                    .containsExactlyInAnyOrderElementsOf(actions);
        });
        assertThat(statementsOf("IngestFunctionServiceRole")).flatExtracting(s -> list(s.get("Action")))
                .noneMatch(a -> a.toString().startsWith("dynamodb:"));
    }

    @Test
    void ledgerTableName_handedToTheWorkerAndTheReconcilerOnly() {
        Object table = Map.of("Ref", logicalId("AWS::DynamoDB::Table", "LedgerTable"));
        assertThat(env(function("dev.permalinker.worker"))).containsEntry("LEDGER_TABLE", table);
        assertThat(env(function("dev.permalinker.reconcile"))).containsEntry("LEDGER_TABLE", table);
        assertThat(env(function("dev.permalinker.ingest"))).doesNotContainKey("LEDGER_TABLE");
    }

    @Test
    void safetyNetAlarms_reconcilerErrorsHeartbeatMissingDataBreachingAndLastingLedgerFailures() {
        Map<String, Map<String, Object>> alarms = template.findResources("AWS::CloudWatch::Alarm");
        Map<String, Object> errors = props(alarms.get(logicalId("AWS::CloudWatch::Alarm", "ReconcilerErrorsAlarm")));
        Map<String, Object> heartbeat = props(alarms.get(logicalId("AWS::CloudWatch::Alarm",
                "ReconcilerHeartbeatAlarm")));
        Map<String, Object> ledger = props(alarms.get(logicalId("AWS::CloudWatch::Alarm", "LedgerUnavailableAlarm")));

        assertThat(errors).containsEntry("MetricName", "Errors").containsEntry("Namespace", "AWS/Lambda")
                .containsEntry("Threshold", 0).containsEntry("ComparisonOperator", "GreaterThanThreshold");
        assertThat(errors.get("Dimensions")).isEqualTo(List.of(Map.of("Name", "FunctionName",
                "Value", Map.of("Ref", logicalId("AWS::Lambda::Function", "ReconcilerFunction")))));

        // No completed run in 3 scheduled intervals (5 minutes each); no data at all is a stopped reconciler.
        String query = heartbeat.get("Metrics").toString();
        assertThat(query).contains("MetricName=ReconcileRuns").contains("{Name=Result, Value=completed}")
                .contains("Stat=Sum").contains("Period=300");
        assertThat(heartbeat).containsEntry("Threshold", 1).containsEntry("ComparisonOperator", "LessThanThreshold")
                .containsEntry("EvaluationPeriods", 3).containsEntry("DatapointsToAlarm", 3)
                .containsEntry("TreatMissingData", "breaching");

        assertThat(list(ledger.get("Metrics"))).anySatisfy(q -> assertThat(String.valueOf(((Map<?, ?>) q)
                .get("Expression"))).contains("worker").contains("reconciler"));
        assertThat(ledger.get("Metrics").toString()).contains("MetricName=LedgerUnavailable")
                .contains("{Name=Stage, Value=worker}").contains("{Name=Stage, Value=reconciler}");
        assertThat(ledger).containsEntry("Threshold", 1).containsEntry("EvaluationPeriods", 3)
                .containsEntry("DatapointsToAlarm", 3).containsEntry("TreatMissingData", "notBreaching");
        for (Map<String, Object> alarm : List.of(errors, heartbeat, ledger)) {
            assertThat((String) alarm.get("AlarmDescription")).isNotBlank();
            assertThat(list(alarm.get("AlarmActions"))).containsExactly(Map.of("Ref",
                    logicalId("AWS::SNS::Topic", "AlarmTopic")));
        }
    }

    @Test
    void heartbeat_aDailySchedule_looksBackOneDayAtMost() {
        Template oncePerDay = synthWith(Map.of("permalinker:apiKeys", "bltstackone000001",
                "permalinker:reconcileEveryMinutes", "1440"));
        oncePerDay.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmDescription", Match.stringLikeRegexp("No reconciliation run completed.*"),
                "EvaluationPeriods", 1, "TreatMissingData", "breaching",
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("MetricStat", Match.objectLike(Map.of(
                        "Period", 86_400)))))))));
    }

    @Test
    void synth_hasNoUnacknowledgedWarning() {
        // The SnapStart warning CDK prints for every SnapStart function is acknowledged: each runs a published
        // version through its live alias. Anything else is printed on every synth and deploy, and fails here.
        Annotations.fromStack(stack).hasNoWarning("*", Match.anyValue());
    }

    @Test
    void cdkNag_noUnsuppressedFinding() {
        List<SynthesisMessage> errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp(".*"));
        List<SynthesisMessage> warnings = Annotations.fromStack(stack).findWarning("*",
                Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(errors).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
        assertThat(warnings).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
    }
}
