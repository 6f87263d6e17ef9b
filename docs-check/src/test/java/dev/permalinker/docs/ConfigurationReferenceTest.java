package dev.permalinker.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} against the code: a variable or CDK context key the code reads (or the CDK app sets
 * on a function) and the reference does not list fails the build, and so does a listed one nothing reads any more.
 */
class ConfigurationReferenceTest {
    /**
     * Harnesses, not shipped code: they set Lambda's own variables for the child processes they start
     * ({@code LAMBDA_TASK_ROOT}, {@code AWS_LAMBDA_RUNTIME_API}) and read none of their own.
     */
    static final Set<String> NOT_SCANNED = Set.of("benchmarks", "runtime-tests");
    /** {@code UPPER_SNAKE} literals that are values, not variables: the secrets' placeholders the CDK app writes. */
    static final Set<String> NOT_VARIABLES = Set.of("REPLACE_WITH_THE_HMAC_SIGNING_KEY",
            "REPLACE_WITH_THE_STACK_MANAGEMENT_TOKEN");

    private final Repository repository = Repository.current();
    private final ConfigurationScan scan = ConfigurationScan.of(repository.mainSources(NOT_SCANNED));
    private final ConfigurationReference reference = ConfigurationReference.parse(
            repository.read(ConfigurationReference.PATH));

    @Test
    void scan_ofThisRepository_findsTheKnownReads() {
        assertThat(scan.variables()).containsKeys("CS_APIKEY", "PORT", "METRICS", "AWS_LAMBDA_LOG_LEVEL");
        assertThat(scan.contextKeys()).containsKeys("apiKeys", "stackName", "reconcileEveryMinutes",
                "reconcileGrace", "releaseHookUrl");
    }

    @Test
    void variables_readByTheCode_areAllInTheReference() {
        Map<String, ?> unlisted = reference.unlistedVariables(scan, NOT_VARIABLES);

        assertThat(unlisted).as("environment variables the code reads or sets that %s does not list (add a row to "
                + "its variable table: name, used by, default, meaning)", ConfigurationReference.PATH).isEmpty();
    }

    @Test
    void variables_inTheReference_areAllReadOrSetByTheCode() {
        assertThat(reference.unusedVariables(scan)).as("variables %s lists that no code reads or sets any more "
                + "(remove the row, or say in the code where it is read)", ConfigurationReference.PATH).isEmpty();
    }

    @Test
    void contextKeys_readByTheCdkApp_areAllInTheReference() {
        assertThat(reference.unlistedContextKeys(scan)).as("CDK context keys the app reads that %s does not list",
                ConfigurationReference.PATH).isEmpty();
    }

    @Test
    void contextKeys_inCdkJson_areAllInTheReference() {
        Matcher matcher = Pattern.compile("\"" + ConfigurationScan.CONTEXT_PREFIX + "([A-Za-z]+)\"")
                .matcher(repository.read("infra-cdk/cdk.json"));
        Set<String> keys = new TreeSet<>();
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }

        assertThat(keys).isNotEmpty();
        assertThat(reference.contextKeys()).as("context keys infra-cdk/cdk.json sets").containsAll(keys);
    }

    @Test
    void contextKeys_inTheReference_areAllReadByTheCdkApp() {
        assertThat(reference.unusedContextKeys(scan)).as("context keys %s lists that the CDK app does not read",
                ConfigurationReference.PATH).isEmpty();
    }
}
