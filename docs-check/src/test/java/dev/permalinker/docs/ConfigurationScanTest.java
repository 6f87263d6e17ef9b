package dev.permalinker.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scan and the comparison on sources and tables made up here: a variable added to the code is caught. */
class ConfigurationScanTest {
    private static final String REFERENCE = """
            # Configuration

            | variable | used by | default | meaning |
            |---|---|---|---|
            | `CS_APIKEY` | ingest | - | the stacks |
            | `PORT` | local runner | `8080` | the port |

            | context key | default | meaning |
            |---|---|---|
            | `permalinker:apiKeys` | - | the stacks |

            | region | host |
            |---|---|
            | `EU` | eu-api.contentstack.com |
            """;

    @Test
    void variables_readThroughEnvReader_areFoundWithTheirLine() {
        ConfigurationScan scan = scan("""
                class WorkerConfig {
                    static WorkerConfig fromEnv(Map<String, String> env) {
                        EnvReader reader = new EnvReader(env);
                        Duration quiet = reader.duration("NEW_QUIET_PERIOD", Duration.ofSeconds(5));
                        int port = reader.integer("PORT", 8080, 0, 65_535);
                    }
                }
                """);

        assertThat(scan.variables()).containsEntry("NEW_QUIET_PERIOD", java.util.List.of("m/src/main/java/A.java:4"))
                .containsKey("PORT");
    }

    @Test
    void variables_readFromAMapOrTheProcess_areFound() {
        ConfigurationScan scan = scan("""
                String level = env.get("LOG_LEVEL");
                String metrics = env.getOrDefault("METRICS", "");
                boolean keys = env.containsKey("AWS_PROFILE");
                String dir = cli.env().get("DATA_DIR");
                String home = System.""" + "getenv(\"HOME\");\n");

        assertThat(scan.variables()).containsKeys("LOG_LEVEL", "METRICS", "AWS_PROFILE", "DATA_DIR", "HOME");
    }

    @Test
    void variables_namedInAListOrSetForAFunction_areFound() {
        ConfigurationScan scan = scan("""
                static final List<String> TARGETS = List.of("CS_MANAGEMENTTOKEN", "CS_CMA_URL");
                env.put("SECRETS_REVISION", props.secretsRevision());
                """);

        assertThat(scan.variables()).containsKeys("CS_MANAGEMENTTOKEN", "CS_CMA_URL", "SECRETS_REVISION");
    }

    @Test
    void variables_inCommentsOrOtherCalls_areNotReads() {
        ConfigurationScan scan = scan("""
                // String old = env.get("OLD_VARIABLE");
                /* reader.optional("ALSO_OLD") */
                /** {@code GONE_TOO} and "IN_JAVADOC" */
                if (method.equals("POST")) { key = KeyFactory.getInstance("RSA"); view.put("ACL", Map.of()); }
                String url = "https://example.com"; // "AFTER_A_URL"
                """);

        assertThat(scan.variables()).isEmpty();
    }

    @Test
    void contextKeys_inEveryFormTheCdkAppReadsThem_areFound() {
        ConfigurationScan scan = ConfigurationScan.of(Map.of("infra-cdk/src/main/java/App.java", """
                String name = String.valueOf(app.getNode().tryGetContext(PermalinkerProps.PREFIX + "stackName"));
                static final String CONTEXT_KEY = "permalinker:reconcileEveryMinutes";
                double rate = number(context, "rateLimit", 10, problems);
                String hook = text(context.apply("releaseHookUrl"));
                for (String[] key : new String[][] {{"reconcileGrace", "RECONCILE_GRACE"}}) { }
                """, "ops-cli/src/main/java/Other.java", "number(context, \"notTheCdkApp\", 1, problems);"));

        assertThat(scan.contextKeys()).containsOnlyKeys("stackName", "reconcileEveryMinutes", "rateLimit",
                "releaseHookUrl", "reconcileGrace");
    }

    @Test
    void unlistedVariables_aNewReadMissingFromTheTable_isReported() {
        ConfigurationReference reference = ConfigurationReference.parse(REFERENCE);
        ConfigurationScan scan = scan("""
                List<String> keys = reader.list("CS_APIKEY");
                int port = reader.integer("PORT", 8080, 0, 65_535);
                Duration quiet = reader.duration("NEW_QUIET_PERIOD", Duration.ofSeconds(5));
                """);

        assertThat(reference.unlistedVariables(scan, Set.of())).containsOnlyKeys("NEW_QUIET_PERIOD");
        assertThat(reference.unlistedVariables(scan, Set.of("NEW_QUIET_PERIOD"))).isEmpty();
    }

    @Test
    void unusedVariables_aRowNothingReads_isReported() {
        ConfigurationReference reference = ConfigurationReference.parse(REFERENCE);

        assertThat(reference.variables()).containsExactly("CS_APIKEY", "PORT");
        assertThat(reference.unusedVariables(scan("reader.list(\"CS_APIKEY\");"))).containsExactly("PORT");
    }

    @Test
    void contextKeys_missingAndUnused_areReported() {
        ConfigurationReference reference = ConfigurationReference.parse(REFERENCE);
        ConfigurationScan scan = ConfigurationScan.of(Map.of("infra-cdk/src/main/java/P.java",
                "text(context, \"alarmEmail\", \"\");"));

        assertThat(reference.unlistedContextKeys(scan)).containsOnlyKeys("alarmEmail");
        assertThat(reference.unusedContextKeys(scan)).containsExactly("apiKeys");
    }

    @Test
    void parse_aCellThatIsNotAName_isRefused() {
        assertThatThrownBy(() -> ConfigurationReference.parse("""
                | variable | meaning |
                |---|---|
                | `CS_APIKEY, CS_REGION` | two in one span |
                """)).hasMessageContaining("not a variable name");
    }

    private static ConfigurationScan scan(String source) {
        return ConfigurationScan.of(Map.of("m/src/main/java/A.java", source));
    }
}
