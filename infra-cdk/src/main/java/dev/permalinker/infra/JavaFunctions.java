package dev.permalinker.infra;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/** How both functions are built: java21 on arm64, SnapStart, JSON logs, fast-start JVM flags, least privilege. */
final class JavaFunctions {
    /** Java flags for a fast start: C1 only (https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html). */
    static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    /** CDK's warning on every SnapStart function, whether or not versions are published. */
    static final String SNAPSTART_WARNING = "@aws-cdk/aws-lambda:snapStartRequirePublish";

    private JavaFunctions() {
    }

    /** One function; its handler is a stream handler class ({@code ::handleRequest}). */
    static Function create(Construct scope, String id, String description, String handlerClass, Path jar,
                           int memoryMb, Duration timeout, LogGroup logs, Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        Function function = Function.Builder.create(scope, id)
                .description(description)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(handlerClass + "::handleRequest")
                .code(Code.fromAsset(jar.toString()))
                .memorySize(memoryMb)
                .timeout(timeout)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .systemLogLevelV2(SystemLogLevel.WARN)
                .logGroup(logs)
                .environment(env)
                .build();
        // Handled: every function is invoked only through its live alias on getCurrentVersion(), a published version,
        // which is what SnapStart snapshots; the warning would be printed on every synth and deploy otherwise.
        Annotations.of(function).acknowledgeWarning(SNAPSTART_WARNING, "Invoked only through its live alias on a "
                + "published version (getCurrentVersion), which SnapStart snapshots");
        return function;
    }

    /**
     * {@code secretsmanager:GetSecretValue} on the secret and nothing else: the functions read a secret once at
     * init and never describe it ({@code grantRead} would add {@code DescribeSecret}).
     */
    static void grantSecretValue(Function function, ISecret secret) {
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(function)
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resourceArns(List.of(secret.getSecretArn()))
                .build());
    }

    static LogGroup logGroup(Construct scope, String id) {
        return LogGroup.Builder.create(scope, id)
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }
}
