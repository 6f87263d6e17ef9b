package dev.permalinker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code serve --simulate}'s test-webhook hint matches the authentication the ingest is configured with. */
class SimulatedStackWebhooksTest {
    private static final Path DIR = Path.of("/data/simulate");
    private static final Path KEY = Path.of("/data/simulate/contentstack-signing-key.pem");

    @Test
    void testWebhookHint_certificate_privateKeyFile() {
        String hint = SimulatedStackWebhooks.testWebhookHint(Map.of("CS_APIKEY", "blt1,blt2"), DIR, KEY);

        assertThat(hint).contains("CS_APIKEY=blt1 permalinker-ops --data-dir " + DIR + " send-test-webhook")
                .contains("--private-key " + KEY).doesNotContain("--hmac-secret").doesNotContain("exported");
    }

    @Test
    void testWebhookHint_simulatedToken_printedSoTheCommandCanReadAnAsset() {
        String hint = SimulatedStackWebhooks.testWebhookHint(Map.of("CS_APIKEY", "blt1", "CS_MANAGEMENTTOKEN",
                "simulated-management-token"), DIR, KEY);

        assertThat(hint).contains("CS_APIKEY=blt1 CS_MANAGEMENTTOKEN=simulated-management-token permalinker-ops "
                + "--data-dir " + DIR + " send-test-webhook").doesNotContain("--url");
    }

    @Test
    void testWebhookHint_hmac_hmacSecretFromTheEnvironmentNeverPrinted() {
        String hint = SimulatedStackWebhooks.testWebhookHint(Map.of("CS_APIKEY", "blt1", "CS_SIGNATURE_METHOD",
                "HMAC", "CS_HMAC_SECRETS", "organisation-key-1,organisation-key-2"), DIR, KEY);

        assertThat(hint).contains("--hmac-secret \"${CS_HMAC_SECRETS%%,*}\"").contains("CS_HMAC_SECRETS exported")
                .doesNotContain("--private-key").doesNotContain("organisation-key");
    }

    @Test
    void testWebhookHint_bearerWithoutSignature_namesTheVariableNotTheToken() {
        String hint = SimulatedStackWebhooks.testWebhookHint(Map.of("CS_APIKEY", "blt1", "CS_SIGNATURE_METHOD",
                "none", "CS_BEARER_TOKEN", "very-secret-bearer"), DIR, KEY);

        assertThat(hint).contains("(with CS_BEARER_TOKEN exported as for serve)").doesNotContain("--private-key")
                .doesNotContain("very-secret-bearer");
    }
}
