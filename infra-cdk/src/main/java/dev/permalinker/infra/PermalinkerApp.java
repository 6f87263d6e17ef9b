package dev.permalinker.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: one {@link PermalinkerStack} from context values, checked by cdk-nag's AwsSolutions pack.
 * Synthesizes offline; the function jars must be built first ({@code mvn -DskipTests package}).
 */
public final class PermalinkerApp {
    private PermalinkerApp() {
    }

    /**
     * Run by the CDK CLI (context from {@code cdk.json} and {@code -c}), or directly for an offline synth, with
     * context given as {@code permalinker:key=value} arguments and the output folder as {@code outdir=…} (without
     * it, a standalone App would write to a temporary folder).
     */
    public static void main(String[] args) {
        Map<String, Object> context = new HashMap<>();
        String outdir = null;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0 && arg.startsWith("outdir=")) {
                outdir = arg.substring(eq + 1).trim();
            } else if (eq > 0) {
                context.put(arg.substring(0, eq).trim(), arg.substring(eq + 1).trim());
            }
        }
        App app = new App(AppProps.builder().context(context).outdir(outdir).build());
        define(app, projectRoot(Path.of("").toAbsolutePath()));
        app.synth();
    }

    /** Adds the stack and the cdk-nag checks to {@code app}; tests call this too. */
    public static PermalinkerStack define(App app, Path projectRoot) {
        adoptFeatureFlags(app, projectRoot);
        PermalinkerProps props = PermalinkerProps.fromContext(
                key -> app.getNode().tryGetContext(PermalinkerProps.PREFIX + key));
        String stackName = String.valueOf(app.getNode().tryGetContext(PermalinkerProps.PREFIX + "stackName"));
        PermalinkerStack stack = new PermalinkerStack(app, "null".equals(stackName) ? "Permalinker" : stackName,
                StackProps.builder()
                        .description("Permalinker: Contentstack asset webhooks to permanent URLs, exactly once")
                        .build(),
                props, functionJar(projectRoot, "ingest-function"), functionJar(projectRoot, "worker-function"),
                functionJar(projectRoot, "reconciler-function"));
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }

    /**
     * The feature flags of {@code infra-cdk/cdk.json} (the {@code @aws-cdk…} keys of its {@code context}), set on
     * {@code app} where the app does not have them already: the CDK CLI hands them to the app itself, an offline synth
     * and the tests get them here, so all three synthesize the same template. They are the flags {@code cdk init}
     * writes for aws-cdk-lib's version (its {@code recommended-feature-flags.json}): the behaviour AWS recommends
     * for new apps. https://docs.aws.amazon.com/cdk/v2/guide/featureflags.html
     */
    static void adoptFeatureFlags(App app, Path projectRoot) {
        featureFlags(projectRoot).forEach((flag, value) -> {
            if (app.getNode().tryGetContext(flag) == null) {
                app.getNode().setContext(flag, value);
            }
        });
    }

    /** The {@code @…} keys of {@code infra-cdk/cdk.json}'s context, with their values. */
    static Map<String, Object> featureFlags(Path projectRoot) {
        Path cdkJson = projectRoot.resolve("infra-cdk").resolve("cdk.json");
        try {
            Map<String, Object> flags = new TreeMap<>();
            JsonNode context = new ObjectMapper().readTree(cdkJson.toFile()).path("context");
            context.fields().forEachRemaining(field -> {
                if (field.getKey().startsWith("@")) {
                    flags.put(field.getKey(), field.getValue().isBoolean() ? field.getValue().booleanValue()
                            : field.getValue().isArray() ? toList(field.getValue()) : field.getValue().asText());
                }
            });
            return flags;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the feature flags in " + cdkJson, e);
        }
    }

    private static List<String> toList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** The folder holding the function modules: the working directory or one of its parents. */
    public static Path projectRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("ingest-function"))
                    && Files.isDirectory(dir.resolve("worker-function"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the project root (with ingest-function/) above " + start);
    }

    public static Path functionJar(Path projectRoot, String module) {
        Path target = projectRoot.resolve(module).resolve("target");
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + module + " Lambda jar in " + target
                            + ": build it first with mvn -B -DskipTests package"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
