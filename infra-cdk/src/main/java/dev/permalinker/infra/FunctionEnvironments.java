package dev.permalinker.infra;

import dev.permalinker.actions.ActionsConfig;
import dev.permalinker.ingest.IngestConfig;
import dev.permalinker.ingest.ReleaseActionsConfig;
import dev.permalinker.ledger.LedgerConfig;
import dev.permalinker.reconcile.ReconcileConfig;
import dev.permalinker.worker.WorkerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.IConstruct;

/**
 * Each function's environment, as the stack built it, checked at synth by that function's own configuration code
 * (the {@code *Config.fromEnv(Map)} its handler runs at init). A context value the function would refuse (for
 * example {@code -c permalinker:reconcileGrace=PT0S}) then fails the synth with the function's own message, instead
 * of a deploy whose function fails every init (with SnapStart: fails to publish) while nothing pages.
 *
 * <p>Values known only at deploy time (queue URLs, secret ARNs, the table's name: CloudFormation references in the
 * template) are checked as placeholders of the same shape; every literal value is checked as it is.
 */
final class FunctionEnvironments {
    /** A deploy-time URL ({@code QUEUE_URL}, {@code DLQ_URL}, {@code PUBLIC_WEBHOOK_URL}…). */
    static final String URL_PLACEHOLDER = "https://deploy-time.invalid/placeholder";
    /** A deploy-time ARN ({@code *_SECRET_ARN}). */
    static final String ARN_PLACEHOLDER = "arn:aws:secretsmanager:us-east-1:111111111111:secret:deploy-time";
    /** Any other deploy-time name ({@code LEDGER_TABLE}). */
    static final String NAME_PLACEHOLDER = "deploy-time-placeholder";

    /** Each function's init-time checks, by its handler class; the handlers' no-arg constructors run the same. */
    static final Map<String, Consumer<Map<String, String>>> CHECKS = Map.of(
            "dev.permalinker.ingest.IngestHandler", env -> {
                IngestConfig.fromEnv(env);
                ReleaseActionsConfig.fromEnv(env);
            },
            "dev.permalinker.worker.WorkerHandler", env -> {
                WorkerConfig.fromEnv(env);
                LedgerConfig.fromEnv(env);
            },
            "dev.permalinker.reconcile.function.ReconcilerHandler", env -> {
                ReconcileConfig.fromEnv(env);
                LedgerConfig.fromEnv(env);
            },
            "dev.permalinker.actions.ActionsHandler", ActionsConfig::fromEnv);

    private FunctionEnvironments() {
    }

    /**
     * Runs the checks of every Java function in {@code stack}; the first refusal fails the synth, naming the
     * function and repeating the function's own message.
     *
     * @throws IllegalArgumentException what the function would refuse at init, or a Java function nobody checks
     */
    static void validate(Stack stack) {
        for (IConstruct construct : stack.getNode().findAll()) {
            if (!(construct instanceof Function function)) {
                continue;
            }
            CfnFunction cfn = (CfnFunction) function.getNode().getDefaultChild();
            String runtime = String.valueOf(cfn.getRuntime());
            if (!runtime.startsWith("java")) {
                continue;  // CDK's own helpers (the custom resource's provider), not ours
            }
            String handlerClass = String.valueOf(cfn.getHandler()).replaceFirst("::.*$", "");
            Consumer<Map<String, String>> check = CHECKS.get(handlerClass);
            if (check == null) {
                throw new IllegalArgumentException(function.getNode().getPath() + ": no configuration check for the "
                        + "handler " + handlerClass + " (add it to " + FunctionEnvironments.class.getSimpleName()
                        + ".CHECKS)");
            }
            Map<String, String> env = environment(stack, cfn);
            try {
                check.accept(env);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("invalid context: the function " + function.getNode().getId()
                        + " would refuse to start with the environment this stack gives it: " + e.getMessage(), e);
            }
        }
    }

    /** The function's environment as the template will hold it, deploy-time values as placeholders. */
    @SuppressWarnings("unchecked")
    static Map<String, String> environment(Stack stack, CfnFunction cfn) {
        Object resolved = stack.resolve(cfn.getEnvironment());
        Map<String, String> env = new TreeMap<>();
        if (!(resolved instanceof Map<?, ?> environment)) {
            return env;
        }
        Object variables = environment.get("variables") != null ? environment.get("variables")
                : environment.get("Variables");
        if (variables instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((name, value) -> env.put(name,
                    value instanceof String text ? text : placeholder(name)));
        }
        return env;
    }

    /** A value of the shape the variable needs, for one CloudFormation resolves at deploy time. */
    static String placeholder(String variable) {
        if (variable.endsWith("_URL")) {
            return URL_PLACEHOLDER;
        }
        if (variable.endsWith("_ARN")) {
            return ARN_PLACEHOLDER;
        }
        return NAME_PLACEHOLDER;
    }

    /** For tests: the environments of every Java function, by construct id. */
    static Map<String, Map<String, String>> environments(Stack stack) {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (IConstruct construct : stack.getNode().findAll()) {
            if (construct instanceof Function function) {
                CfnFunction cfn = (CfnFunction) function.getNode().getDefaultChild();
                if (String.valueOf(cfn.getRuntime()).startsWith("java")) {
                    all.put(function.getNode().getId(), environment(stack, cfn));
                }
            }
        }
        return all;
    }

    /** The handler classes checked, for tests. */
    static List<String> checkedHandlers() {
        return List.copyOf(CHECKS.keySet());
    }
}
