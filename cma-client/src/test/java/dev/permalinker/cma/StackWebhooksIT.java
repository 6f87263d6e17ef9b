package dev.permalinker.cma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.JsonCodec;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.SimulatedWebhook;
import dev.permalinker.simulator.WebhookSpec;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The typed webhook reads against the stateful simulator on a loopback port. */
class StackWebhooksIT {
    private static final String KEY = "bltstack0000000001";
    private static final String TOKEN = "token-1";
    private static final String INGEST = "https://abc.execute-api.us-east-1.amazonaws.com/webhooks/contentstack";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ContentstackSimulator cma = ContentstackSimulator.start(0, TOKEN, 50);
    private final StackWebhooks webhooks = StackWebhooks.create(cma.baseUrl(),
            ManagementTokens.single(KEY, TOKEN), JsonCodec.create());

    @AfterEach
    void stop() {
        cma.close();
    }

    @Test
    void list_readsEveryWebhookOfTheStack_andHealthFindsTheDisabledOne() throws Exception {
        SimulatedWebhook healthy = cma.addWebhook(KEY, WebhookSpec.assetCreations("Permalinker", INGEST));
        SimulatedWebhook broken = cma.addWebhook(KEY, WebhookSpec.assetCreations("Permalinker old", INGEST)
                .withRetryPolicy("manual").withConcisePayload(true).withBranches("main", "develop"));
        cma.addWebhook(KEY, WebhookSpec.assetCreations("Elsewhere", "https://elsewhere.example/hook"));
        cma.addWebhook("bltotherstack00001", WebhookSpec.assetCreations("Other stack", INGEST));
        cma.tripCircuitBreaker(broken.uid());

        List<Webhook> listed = webhooks.list(KEY, TIMEOUT);

        assertThat(listed).extracting(Webhook::name).containsExactly("Permalinker", "Permalinker old", "Elsewhere");
        Webhook old = listed.get(1);
        assertThat(old.uid()).isEqualTo(broken.uid());
        assertThat(old.disabled()).isTrue();
        assertThat(old.unhealthy()).isTrue();
        assertThat(old.concisePayload()).isTrue();
        assertThat(old.branches()).containsExactly("main", "develop");
        assertThat(old.targetUrls()).containsExactly(INGEST);
        assertThat(old.createdAt()).isPresent();

        WebhookHealth health = WebhookHealth.evaluate(listed, Optional.of(INGEST));
        assertThat(health.checks()).extracting(c -> c.webhook().uid()).containsExactly(healthy.uid(), broken.uid());
        assertThat(health.failing()).extracting(Webhook::uid).containsExactly(broken.uid());
        assertThat(health.healthy()).isFalse();
        assertThat(cma.received()).last().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/v3/webhooks");
            assertThat(r.apiKey()).isEqualTo(KEY);
            assertThat(r.authorization()).isEqualTo(TOKEN);
            assertThat(r.branch()).as("webhooks belong to the stack").isNull();
        });
    }

    @Test
    void get_oneWebhook_andAnUnknownUidIsARefusal() throws Exception {
        SimulatedWebhook created = cma.addWebhook(KEY, WebhookSpec.assetCreations("Permalinker", INGEST));

        assertThat(webhooks.get(KEY, created.uid(), TIMEOUT).name()).isEqualTo("Permalinker");
        assertThatThrownBy(() -> webhooks.get(KEY, "bltnosuchwebhook", TIMEOUT))
                .isInstanceOfSatisfying(CmaAnswerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CmaAnswerException.Kind.REFUSED);
                    assertThat(e.status()).isEqualTo(422);
                });
    }

    @Test
    void executions_statusesAttemptsAndAssetWithinTheWindow() throws Exception {
        cma.clock(Clock.fixed(Instant.parse("2026-11-20T09:00:00Z"), ZoneOffset.UTC));
        SimulatedWebhook webhook = cma.addWebhook(KEY, WebhookSpec.assetCreations("Permalinker", INGEST));
        cma.recordExecution(webhook.uid(), "bltearly", 200);
        cma.clock(Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC));
        cma.recordExecution(webhook.uid(), "bltfailed", 503, 0, 401);
        cma.recordExecution(webhook.uid(), "bltok", 200);

        List<WebhookExecution> all = webhooks.executions(KEY, webhook.uid(), Optional.empty(), Optional.empty(),
                TIMEOUT);
        List<WebhookExecution> late = webhooks.executions(KEY, webhook.uid(),
                Optional.of(Instant.parse("2026-11-20T09:30:00Z")), Optional.empty(), TIMEOUT);

        assertThat(all).hasSize(3);
        assertThat(late).extracting(e -> e.assetUid().orElseThrow()).containsExactlyInAnyOrder("bltfailed", "bltok");
        WebhookExecution failed = all.stream().sorted(WebhookExecution.FAILED_FIRST).findFirst().orElseThrow();
        assertThat(failed.assetUid()).contains("bltfailed");
        assertThat(failed.status()).isEqualTo(401);
        assertThat(failed.retryCount()).isEqualTo(2);
        assertThat(failed.attempts()).extracting(WebhookExecution.Attempt::statusCode).containsExactly(503, 0, 401);
        assertThat(failed.apiKey()).contains(KEY);
    }

    @Test
    void list_wrongTokenOrUnknownStack_refusedNotEmpty() {
        StackWebhooks wrongToken = StackWebhooks.create(cma.baseUrl(), ManagementTokens.single(KEY, "wrong"),
                JsonCodec.create());
        cma.addStack(KEY);

        assertThatThrownBy(() -> wrongToken.list(KEY, TIMEOUT)).isInstanceOfSatisfying(CmaAnswerException.class,
                e -> assertThat(e.status()).isEqualTo(401));
        StackWebhooks unknown = StackWebhooks.create(cma.baseUrl(), ManagementTokens.forAnyStack(TOKEN),
                JsonCodec.create());
        assertThatThrownBy(() -> unknown.list("bltunknownstack001", TIMEOUT))
                .isInstanceOfSatisfying(CmaAnswerException.class, e -> assertThat(e.status()).isEqualTo(412));
    }

    @Test
    void pacedBy_readsSpendTheBudgetAndReportAnswers() throws Exception {
        cma.addStack(KEY);
        AdaptiveRateLimiter reads = AdaptiveRateLimiter.create(20);
        StackWebhooks paced = webhooks.pacedBy(reads);

        for (int i = 0; i < 3; i++) {
            assertThat(paced.list(KEY, TIMEOUT)).isEmpty();
        }

        assertThat(cma.throttled()).isZero();
        assertThat(reads.currentRate()).isPositive();
    }

    @Test
    void list_simulatorUnreachable_ioExceptionNotAnswer() {
        cma.close();

        assertThatThrownBy(() -> webhooks.list(KEY, TIMEOUT)).isInstanceOf(IOException.class)
                .isNotInstanceOf(CmaAnswerException.class);
    }
}
