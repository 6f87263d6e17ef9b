package dev.permalinker.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.DeploymentOutput;
import dev.permalinker.model.JsonCodec;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's deployment.json and a stack's outputs read as the same facts. */
class DeploymentFactsTest {
    private static final JsonCodec JSON = JsonCodec.create();

    private static Path fixtureDir() throws URISyntaxException {
        return Path.of(DeploymentFactsTest.class.getResource("/deployment/deployment.json").toURI()).getParent();
    }

    @Test
    void fromDataDirectory_factsFile_readsKnownNamesIgnoresTheRest() throws Exception {
        DeploymentFacts facts = DeploymentFacts.fromDataDirectory(fixtureDir(), JSON);

        assertThat(facts.get(DeploymentOutput.QueueUrl))
                .contains("http://127.0.0.1:9324/000000000000/permalinker-jobs.fifo");
        assertThat(facts.get(DeploymentOutput.WebhookUrl)).contains("http://127.0.0.1:8080/webhooks/contentstack");
        assertThat(facts.get(DeploymentOutput.LedgerTableName)).as("not a string: absent").isEmpty();
        assertThat(facts.values()).hasSize(4);
    }

    @Test
    void require_missingOutput_namesTheOutputTheSourceAndTheAlternative() throws Exception {
        DeploymentFacts facts = DeploymentFacts.fromDataDirectory(fixtureDir(), JSON);

        assertThatThrownBy(() -> facts.require(DeploymentOutput.ActionsQueueUrl, "set ACTIONS_QUEUE_URL"))
                .isInstanceOf(DeploymentFactsException.class)
                .hasMessageContaining("deployment.json has no output ActionsQueueUrl: set ACTIONS_QUEUE_URL");
    }

    @Test
    void fromDataDirectory_noFileOrNotAnObject_clearError(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> DeploymentFacts.fromDataDirectory(dir, JSON))
                .isInstanceOf(DeploymentFactsException.class)
                .hasMessageContaining("no deployment facts at " + dir.resolve("deployment.json"))
                .hasMessageContaining("permalinker-local serve");

        Files.writeString(dir.resolve("deployment.json"), "[1, 2]");
        assertThatThrownBy(() -> DeploymentFacts.fromDataDirectory(dir, JSON))
                .hasMessageContaining("is not a JSON object");
    }

    @Test
    void fromDataDirectory_notJson_oneClearLine(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("deployment.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 'g', 'a', 'r', 'b'});
        assertThatThrownBy(() -> DeploymentFacts.fromDataDirectory(dir, JSON))
                .isInstanceOf(DeploymentFactsException.class)
                .hasMessageContaining(dir.resolve("deployment.json") + " is not JSON")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "Source", "Unrecognized token"));

        Files.writeString(dir.resolve("deployment.json"), "");
        assertThatThrownBy(() -> DeploymentFacts.fromDataDirectory(dir, JSON))
                .isInstanceOf(DeploymentFactsException.class).hasMessageContaining("is not JSON");
    }

    @Test
    void fromOutputs_unknownKeysIgnored() {
        DeploymentFacts facts = DeploymentFacts.fromOutputs("stack P (eu-west-1)", Map.of("QueueUrl", "q",
                "ExportedSomethingElse", "x"));

        assertThat(facts.values()).containsOnlyKeys(DeploymentOutput.QueueUrl);
        assertThat(facts.source()).isEqualTo("stack P (eu-west-1)");
    }
}
