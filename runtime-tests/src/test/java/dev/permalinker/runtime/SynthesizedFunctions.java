package dev.permalinker.runtime;

import dev.permalinker.infra.PermalinkerApp;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The Lambda functions of the real CDK app, synthesized once: their handler strings, their code assets and the
 * environment the template gives them. Tests run what the template deploys, not constants of their own.
 */
final class SynthesizedFunctions {
    /** One function as deployed: handler string, jar and the template's literal environment values. */
    record DeployedFunction(String handler, Path jar, Map<String, String> environment) {

        /** Starts the function as Lambda would, with the template's variables and the test's on top. */
        LambdaProcess start(Map<String, String> testEnvironment, RuntimeApiEmulator runtimeApi, Path workDir) {
            Map<String, String> env = new LinkedHashMap<>(environment);
            env.putAll(testEnvironment);
            return LambdaProcess.start(handler, List.of(jar), env, runtimeApi, workDir,
                    Path.of(System.getProperty("lambda.runtime.lib", "target/lambda-runtime")));
        }
    }

    private static SynthesizedFunctions instance;
    private static SynthesizedFunctions withReleaseActions;

    private final Template template;
    private final Path projectRoot;

    private SynthesizedFunctions(Template template, Path projectRoot) {
        this.template = template;
        this.projectRoot = projectRoot;
    }

    static synchronized SynthesizedFunctions get() {
        if (instance == null) {
            Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
            App app = new App(AppProps.builder().context(Map.of(
                    "permalinker:apiKeys", "bltruntimestack001",
                    "permalinker:csRegion", "EU")).build());
            instance = new SynthesizedFunctions(Template.fromStack(PermalinkerApp.define(app, root)), root);
        }
        return instance;
    }

    /** The same app with release actions chosen by context (a build hook URL): its actions function. */
    static synchronized SynthesizedFunctions withReleaseActions() {
        if (withReleaseActions == null) {
            Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
            App app = new App(AppProps.builder().context(Map.of(
                    "permalinker:apiKeys", "bltruntimestack001",
                    "permalinker:releaseHook", "true")).build());
            withReleaseActions = new SynthesizedFunctions(Template.fromStack(PermalinkerApp.define(app, root)), root);
        }
        return withReleaseActions;
    }

    /** The function whose CloudFormation logical id starts with {@code logicalIdPrefix}, e.g. {@code WorkerFunction}.
     * */
    @SuppressWarnings("unchecked")
    DeployedFunction function(String logicalIdPrefix, String module) {
        Map<String, Object> resource = template.findResources("AWS::Lambda::Function").entrySet().stream()
                .filter(e -> e.getKey().startsWith(logicalIdPrefix))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no function " + logicalIdPrefix + " in the template"));
        Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) properties.get("Environment"))
                .get("Variables");
        Map<String, String> literal = new LinkedHashMap<>();
        // References (queue URLs, secret ARNs) exist only in a deployed stack; a test supplies its own for those.
        variables.forEach((name, value) -> {
            if (value instanceof String text) {
                literal.put(name, text);
            }
        });
        // What Lambda sets from the function's logging configuration (advanced logging controls).
        Map<String, Object> logging = (Map<String, Object>) properties.getOrDefault("LoggingConfig", Map.of());
        if (logging.get("LogFormat") instanceof String format) {
            literal.put("AWS_LAMBDA_LOG_FORMAT", format.toUpperCase(Locale.ROOT));
        }
        if (logging.get("ApplicationLogLevel") instanceof String level) {
            literal.put("AWS_LAMBDA_LOG_LEVEL", level);
        }
        return new DeployedFunction((String) properties.get("Handler"),
                PermalinkerApp.functionJar(projectRoot, module), literal);
    }
}
