package dev.permalinker.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The management tokens secret across a change of the stack list: CloudFormation writes a secret's value again
 * whenever its properties in the template change, so they must not depend on {@code permalinker:apiKeys}.
 */
class TokensSecretTest {
    private static Template oneStack;
    private static Template twoStacks;

    @BeforeAll
    static void synth() {
        oneStack = synth("bltstackone000001");
        twoStacks = synth("bltstackone000001,bltstacktwo000002");
    }

    private static Template synth(String apiKeys) {
        App app = new App(AppProps.builder().context(Map.of("permalinker:apiKeys", apiKeys)).build());
        return Template.fromStack(PermalinkerApp.define(app, PermalinkerApp.projectRoot(Path.of("").toAbsolutePath())));
    }

    @Test
    void tokensSecret_oneStackThenTwo_identicalInTheTemplate() {
        Map<String, Map<String, Object>> before = oneStack.findResources("AWS::SecretsManager::Secret");
        Map<String, Map<String, Object>> after = twoStacks.findResources("AWS::SecretsManager::Secret");

        assertThat(before).hasSize(1);
        assertThat(after).as("logical id, properties, deletion policy: all unchanged").isEqualTo(before);
        assertThat(before.values().iterator().next().toString()).doesNotContain("bltstackone000001");
    }

    @Test
    void placeholders_writtenOnCreateOnly_soAChangedStackListWritesNothing() {
        Map<String, Object> once = customResource(twoStacks);

        assertThat(String.valueOf(once.get("Create"))).contains("putSecretValue").contains("bltstackone000001")
                .contains("bltstacktwo000002").contains(PermalinkerStack.TOKEN_PLACEHOLDER);
        // CloudFormation sends Update when the list changes: without an Update call, nothing is written then.
        assertThat(once).doesNotContainKeys("Update", "Delete");
        assertThat(customResource(oneStack)).doesNotContainKeys("Update", "Delete");
    }

    @Test
    void versionsThatReadTheTokens_publishedAfterThePlaceholders() {
        String placeholders = twoStacks.findResources("Custom::AWS").keySet().iterator().next();
        Map<String, Map<String, Object>> versions = twoStacks.findResources("AWS::Lambda::Version");

        for (String function : List.of("WorkerFunction", "ReconcilerFunction")) {
            assertThat(versions).anySatisfy((id, version) -> {
                assertThat(id).startsWith(function + "CurrentVersion");
                assertThat(new ArrayList<Object>((List<?>) version.get("DependsOn"))).contains(placeholders);
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> customResource(Template template) {
        Map<String, Map<String, Object>> resources = template.findResources("Custom::AWS");
        assertThat(resources).hasSize(1);
        return (Map<String, Object>) resources.values().iterator().next().get("Properties");
    }
}
