package dev.permalinker.cma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which webhooks are watched and what is found wrong with them. */
class WebhookHealthTest {
    private static final String OURS = "https://abc.execute-api.us-east-1.amazonaws.com/webhooks/contentstack";

    private static Webhook webhook(String uid, List<String> channels, String target, String policy, boolean disabled,
                                   boolean unhealthy) {
        return new Webhook(uid, uid, channels, List.of("main"), List.of(target), policy, disabled, unhealthy, false,
                Optional.empty(), Optional.empty(), List.of("ops@example.com"));
    }

    @Test
    void evaluate_healthyAssetCreationWebhook_healthy() {
        WebhookHealth health = WebhookHealth.evaluate(List.of(
                webhook("w1", List.of("assets.create"), OURS, "automatic", false, false)), Optional.of(OURS));

        assertThat(health.healthy()).isTrue();
        assertThat(health.findings()).isEmpty();
        assertThat(health.checks()).singleElement().satisfies(c -> assertThat(c.findings()).isEmpty());
    }

    @Test
    void evaluate_disabledUnhealthyManual_allFindingsFailing() {
        WebhookHealth health = WebhookHealth.evaluate(List.of(
                webhook("w1", List.of("assets.create"), OURS, "manual", true, true),
                webhook("w2", List.of("assets.create"), OURS + "/", "automatic", false, false)), Optional.of(OURS));

        assertThat(health.healthy()).isFalse();
        assertThat(health.checks()).hasSize(2);
        assertThat(health.checks().get(0).findings()).containsExactly(WebhookFinding.DISABLED,
                WebhookFinding.UNHEALTHY, WebhookFinding.MANUAL_RETRY);
        assertThat(health.failing()).extracting(Webhook::uid).containsExactly("w1");
        assertThat(health.findings()).extracting(WebhookFinding::code)
                .containsExactly("disabled", "unhealthy", "manual_retry");
    }

    @Test
    void evaluate_manualRetryOnly_warningNotFailing() {
        WebhookHealth health = WebhookHealth.evaluate(List.of(
                webhook("w1", List.of("assets.create"), OURS, "manual", false, false)), Optional.empty());

        assertThat(health.healthy()).isTrue();
        assertThat(health.findings()).containsExactly(WebhookFinding.MANUAL_RETRY);
    }

    @Test
    void evaluate_otherDestinationsAndChannels_missing() {
        WebhookHealth health = WebhookHealth.evaluate(List.of(
                webhook("w1", List.of("assets.create"), "https://elsewhere.example/hook", "automatic", false, false),
                webhook("w2", List.of("assets.update", "content_types.entries.create"), OURS, "automatic", false,
                        false)), Optional.of(OURS));

        assertThat(health.missing()).isTrue();
        assertThat(health.healthy()).isFalse();
        assertThat(health.findings()).containsExactly(WebhookFinding.MISSING);
    }

    @Test
    void evaluate_noPublicUrl_everyAssetCreationWebhookWatched() {
        WebhookHealth health = WebhookHealth.evaluate(List.of(
                webhook("w1", List.of("assets.create"), "https://elsewhere.example/hook", "automatic", true, false),
                webhook("w2", List.of("assets.update"), OURS, "automatic", true, false)), Optional.empty());

        assertThat(health.checks()).extracting(c -> c.webhook().uid()).containsExactly("w1");
        assertThat(health.healthy()).isFalse();
    }

    private static WebhookExecution execution(int minute, int status) {
        return new WebhookExecution("e" + minute, List.of("assets.create"),
                Optional.of(java.time.Instant.parse("2026-11-21T08:00:00Z").plusSeconds(60L * minute)), status, 0,
                List.of(), com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }

    @Test
    void evaluate_recentExecutionsMostly404_failingDeliveriesWhileContentstackCallsItHealthy() {
        Webhook slash = webhook("w1", List.of("assets.create"), OURS + "/", "automatic", false, false);

        WebhookHealth health = WebhookHealth.evaluate(List.of(slash), Optional.of(OURS),
                java.util.Map.of("w1", List.of(execution(1, 200), execution(2, 404), execution(3, 404))));

        assertThat(slash.delivering()).as("Contentstack's own flags").isTrue();
        assertThat(health.healthy()).isFalse();
        assertThat(health.findings()).containsExactly(WebhookFinding.FAILING_DELIVERIES);
        assertThat(health.failing()).containsExactly(slash);
    }

    @Test
    void mostlyFailing_onlyTheNewestTenCountAndHalfIsNotMost() {
        List<WebhookExecution> oldFailuresThenRecovered = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            oldFailuresThenRecovered.add(execution(i, i < 10 ? 503 : 200));
        }
        List<WebhookExecution> half = List.of(execution(1, 0), execution(2, 200));

        assertThat(WebhookHealth.mostlyFailing(oldFailuresThenRecovered)).isFalse();
        assertThat(WebhookHealth.mostlyFailing(half)).isFalse();
        assertThat(WebhookHealth.mostlyFailing(List.of(execution(1, 0)))).as("unknown status is a failure").isTrue();
        assertThat(WebhookHealth.mostlyFailing(List.of())).isFalse();
        assertThat(WebhookHealth.mostlyFailing(List.of(execution(1, 503), execution(2, 503), execution(3, 202))))
                .as("the newest delivered: fixed").isFalse();
    }

    @Test
    void normalizedUrl_caseDefaultPortAndFinalSlash_equal() {
        assertThat(WebhookHealth.normalizedUrl("HTTPS://ABC.example.com:443/Webhooks/"))
                .isEqualTo("https://abc.example.com/Webhooks");
        assertThat(WebhookHealth.normalizedUrl("http://127.0.0.1:8080/webhooks/contentstack"))
                .isEqualTo("http://127.0.0.1:8080/webhooks/contentstack");
        assertThat(WebhookHealth.normalizedUrl(" not a url/ ")).isEqualTo("not a url");
        assertThat(WebhookHealth.evaluate(List.of(), Optional.empty()).findings())
                .containsExactly(WebhookFinding.MISSING);
    }
}
