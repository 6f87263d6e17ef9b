package dev.permalinker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.permalinker.ingest.IngestService;
import dev.permalinker.model.FailureAttributes;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.ReleaseWebhooks;
import dev.permalinker.simulator.ReleaseWebhooks.Delivery;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Release actions through the local pipeline as `serve` runs them: signed release webhooks over HTTP into the
 * ingest, the actions FIFO queue on the embedded SQS, the consumer polled like Lambda's event source mapping, and a
 * build hook on a loopback port. Short quiet periods, real clocks; every wait is Awaitility's.
 */
class ReleaseActionsIT {
    private static final String API_KEY = "bltlocalstack00001";
    private static final String HOOK_SECRET = "hook-shared-secret";
    private static final Duration DEBOUNCE = Duration.ofSeconds(1);

    private final HttpClient http = HttpClient.newHttpClient();
    private final HookReceiver hook = new HookReceiver();
    /** When the ingest answered each release's last delivery. */
    private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();
    private ContentstackSimulator cma;
    private LocalPipeline pipeline;
    private ReleaseWebhooks webhooks;

    private void start(Map<String, String> extra) {
        cma = ContentstackSimulator.start(0, "local-token", 200);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CS_APIKEY", API_KEY);
        env.put("CS_SIGNING_KEY_URL", cma.signingKeyUrl().toString());
        env.put("CS_MANAGEMENTTOKEN", "local-token");
        env.put("CS_CMA_URL", cma.baseUrl().toString());
        env.put("RELEASE_HOOK_URL", hook.url().toString());
        env.put("RELEASE_HOOK_SECRET", HOOK_SECRET);
        env.put("RELEASE_DEBOUNCE", DEBOUNCE.toString());
        env.put("RELEASE_ACTION_BACKOFF", "PT0.5S");
        env.putAll(extra);
        pipeline = LocalPipeline.start(new LocalConfig("127.0.0.1", 0, 0, 5, 2, 5), env);
        webhooks = new ReleaseWebhooks(cma.signingKeys().current().getPrivate(), API_KEY, "production");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (pipeline != null) {
            pipeline.close();
        }
        if (cma != null) {
            cma.close();
        }
        hook.close();
    }

    private HttpResponse<String> post(Delivery delivery) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(pipeline.ingestUrl().resolve(IngestService.PATH))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        delivery.headers().forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends every delivery from eight threads; returns the answers' status codes by delivery kind. */
    private Map<String, List<Integer>> sendAll(List<Delivery> deliveries, Map<Delivery, String> groupOf)
            throws Exception {
        Map<String, List<Integer>> statuses = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Delivery delivery : deliveries) {
                futures.add(senders.submit(() -> {
                    // Taken before the request: the ingest stamps the event after it, and the quiet period runs
                    // from that stamp, so the action comes at least RELEASE_DEBOUNCE after this instant.
                    Instant sending = Instant.now();
                    HttpResponse<String> response = post(delivery);
                    statuses.computeIfAbsent(delivery.kind(), k -> Collections.synchronizedList(new ArrayList<>()))
                            .add(response.statusCode());
                    String group = groupOf.get(delivery);
                    if (group != null) {
                        lastSent.merge(group, sending, (a, b) -> a.isAfter(b) ? a : b);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            senders.shutdown();
        }
        return statuses;
    }

    @Test
    void releaseStorm_oneActionPerReleaseOneForTheBulkNoneForOrdinaryPublishes() throws Exception {
        Duration debounce = DEBOUNCE;
        start(Map.of());
        Instant now = Instant.now();
        List<Delivery> all = new ArrayList<>();
        Map<Delivery, String> groupOf = new ConcurrentHashMap<>();
        for (Delivery d : webhooks.deploy("bltreleaseA0001", "Black Friday", 150, now)) {
            all.add(d);
            groupOf.put(d, "bltreleaseA0001");
        }
        for (Delivery d : webhooks.deploy("bltreleaseB0002", "Winter", 100, now)) {
            all.add(d);
            groupOf.put(d, "bltreleaseB0002");
        }
        // A release whose items this webhook does not subscribe to: only its deploy event arrives.
        List<Delivery> deployOnly = webhooks.deploy("bltreleaseC0003", "Assets only", 0, now);
        all.addAll(deployOnly);
        groupOf.put(deployOnly.get(0), "bltreleaseC0003");
        for (int i = 0; i < 20; i++) {
            all.add(webhooks.ordinaryPublish(String.format("bltordinary%05d", i), now));
        }
        for (int i = 0; i < 12; i++) {
            Delivery bulk = webhooks.bulkPublish(String.format("bltbulk%05d", i), now);
            all.add(bulk);
            groupOf.put(bulk, "bulk:production");
        }
        Collections.shuffle(all, new Random(21));

        Map<String, List<Integer>> statuses = sendAll(all, groupOf);

        assertThat(statuses.get("release-item")).hasSize(250).containsOnly(202);
        assertThat(statuses.get("release-deploy")).hasSize(3).containsOnly(202);
        assertThat(statuses.get("bulk-publish")).hasSize(12).containsOnly(202);
        assertThat(statuses.get("publish")).hasSize(20).containsOnly(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> hook.calls.size() >= 4);
        // Nothing more arrives: each release and the bulk publish got its one action.
        await().during(debounce.multipliedBy(2)).atMost(debounce.multipliedBy(4)).until(() -> hook.calls.size() == 4);

        Map<String, HookReceiver.Call> byRelease = new LinkedHashMap<>();
        for (HookReceiver.Call call : hook.calls) {
            String key = call.body().path("kind").asText().equals("bulk") ? "bulk:" + call.body().path("environment")
                    .asText() : call.body().path("releaseUid").asText();
            byRelease.put(key, call);
        }
        assertThat(byRelease).containsOnlyKeys("bltreleaseA0001", "bltreleaseB0002", "bltreleaseC0003",
                "bulk:production");
        assertThat(byRelease.get("bltreleaseA0001").body().path("events").asInt()).isEqualTo(151);
        assertThat(byRelease.get("bltreleaseA0001").body().path("title").asText()).isEqualTo("Black Friday");
        assertThat(byRelease.get("bltreleaseB0002").body().path("events").asInt()).isEqualTo(101);
        assertThat(byRelease.get("bltreleaseC0003").body().path("events").asInt()).isEqualTo(1);
        assertThat(byRelease.get("bulk:production").body().path("events").asInt()).isEqualTo(12);
        byRelease.forEach((release, call) -> {
            assertThat(call.headers()).containsEntry("X-Permalinker-Secret", HOOK_SECRET)
                    .containsKey("Idempotency-Key");
            assertThat(call.body().path("apiKey").asText()).isEqualTo(API_KEY);
            assertThat(call.body().path("environment").asText()).isEqualTo("production");
            // After the quiet period: at least RELEASE_DEBOUNCE after its last event was sent.
            assertThat(Duration.between(lastSent.get(release), call.at())).as("quiet period of %s", release)
                    .isGreaterThanOrEqualTo(debounce);
        });
    }

    @Test
    void tricklingRelease_overSeveralQuietPeriods_oneActionAfterItsLastItem() throws Exception {
        start(Map.of("RELEASE_DEBOUNCE", "PT2S"));
        Duration debounce = Duration.ofSeconds(2);
        // Bunches of 5 items every 1.2 s for about 9 s (four and a half quiet periods): every gap is shorter than
        // the quiet period, as Contentstack's 200 executions per minute spread a release.
        List<Delivery> items = webhooks.deploy("bltreleaseT0004", "Trickle", 40, Instant.now()).subList(0, 40);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        List<Future<?>> bunches = new ArrayList<>();
        try {
            for (int bunch = 0; bunch < 8; bunch++) {
                List<Delivery> slice = items.subList(bunch * 5, bunch * 5 + 5);
                bunches.add(pacer.schedule(() -> {
                    Instant sending = Instant.now();
                    for (Delivery d : slice) {
                        sending = Instant.now();
                        assertThat(post(d).statusCode()).isEqualTo(202);
                    }
                    lastSent.put("T", sending);
                    return null;
                }, bunch * 1_200L, TimeUnit.MILLISECONDS));
            }
            for (Future<?> bunch : bunches) {
                bunch.get();
            }
        } finally {
            pacer.shutdown();
        }
        assertThat(hook.calls).as("no action while the release still trickles in").isEmpty();

        await().atMost(Duration.ofSeconds(30)).until(() -> hook.calls.size() >= 1);
        await().during(debounce.multipliedBy(2)).atMost(debounce.multipliedBy(4)).until(() -> hook.calls.size() == 1);

        HookReceiver.Call call = hook.calls.get(0);
        assertThat(call.body().path("events").asInt()).isEqualTo(40);
        assertThat(Duration.between(lastSent.get("T"), call.at())).isGreaterThanOrEqualTo(debounce);
    }

    @Test
    void hookAnswering500Then200_retriedWithTheSameIdempotencyKey() throws Exception {
        hook.answering(500);
        start(Map.of());

        sendAll(webhooks.deploy("bltreleaseR0005", "Retry", 5, Instant.now()), Map.of());

        await().atMost(Duration.ofSeconds(30)).until(() -> hook.succeeded().size() == 1);
        assertThat(hook.calls).hasSize(2);
        assertThat(hook.calls.get(0).answered()).isEqualTo(500);
        assertThat(hook.calls.get(1).headers().get("Idempotency-Key"))
                .isEqualTo(hook.calls.get(0).headers().get("Idempotency-Key"));
        assertThat(hook.calls.get(1).body().path("events").asInt()).isEqualTo(6);
        assertThat(pipeline.sqs().depth(pipeline.releaseActions().dlqUrl())).isZero();
    }

    @Test
    void hookAlwaysFailing_endsInTheActionsDlqWithHookFailed() throws Exception {
        hook.thenAlways(500);
        start(Map.of("RELEASE_ACTION_ATTEMPTS", "3"));

        sendAll(webhooks.deploy("bltreleaseF0006", "Failing", 3, Instant.now()), Map.of());

        String dlq = pipeline.releaseActions().dlqUrl();
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.sqs().depth(dlq) == 1);
        Message dead = pipeline.sqs().client().receiveMessage(r -> r.queueUrl(dlq).messageAttributeNames("All"))
                .messages().get(0);
        assertThat(dead.messageAttributes().get(FailureAttributes.CODE).stringValue()).isEqualTo("hook_failed");
        assertThat(dead.messageAttributes().get(FailureAttributes.ATTEMPTS).stringValue()).isEqualTo("3");
        assertThat(dead.messageAttributes().get(FailureAttributes.DETAIL).stringValue()).contains("HTTP 500")
                .doesNotContain("/hooks/build");
        assertThat(dead.body()).contains("bltreleaseF0006");
        assertThat(hook.calls).hasSize(3);
        assertThat(pipeline.sqs().depth(pipeline.releaseActions().queueUrl())).isZero();
    }
}
