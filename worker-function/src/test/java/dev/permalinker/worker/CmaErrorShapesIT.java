package dev.permalinker.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.cma.ContentstackClient;
import dev.permalinker.retry.Backoff;
import dev.permalinker.retry.Deadline;
import dev.permalinker.cma.ManagementTokens;
import dev.permalinker.model.FailureCode;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import dev.permalinker.model.Region;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.ErrorShapes;
import dev.permalinker.worker.JobOutcome.DeadLetter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The worker against the simulator answering in each error shape Contentstack uses: a deleted asset is
 * {@code asset_deleted} in every one, and the dead letter's detail carries the answer's words.
 */
class CmaErrorShapesIT {
    private static final String TOKEN = "cs-token";
    private final ContentstackSimulator simulator = ContentstackSimulator.start(0, TOKEN, 100);
    private final List<Duration> waits = new ArrayList<>();

    @AfterEach
    void stop() {
        simulator.close();
    }

    private PermalinkService service(String token) {
        simulator.addStack(Jobs.API_KEY, TOKEN);
        return new PermalinkService(ContentstackClient.create(simulator.baseUrl(),
                ManagementTokens.single(Jobs.API_KEY, token), JsonCodec.create()), CmaPacing.create(100), Region.EU,
                null, new Backoff(2, Duration.ofMillis(1), Duration.ofMillis(2)), Duration.ofSeconds(5),
                waits::add, new Random(3), Jobs.SOON_AFTER);
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("dev.permalinker.cma.CmaAnswerSamples#simulatorMissingAssets")
    void deletedAsset_everyShape_assetDeletedWithTheAnswersWords(ErrorShapes.MissingAsset missing,
                                                                 ErrorShapes.Body body) {
        PermalinkService service = service(TOKEN);
        simulator.missingAsset(missing);
        simulator.errorBodies(body);

        JobOutcome outcome = service.process(Jobs.job("bltgone0001"), Deadline.after(Duration.ofMinutes(1)));

        assertThat(outcome).isInstanceOf(DeadLetter.class);
        DeadLetter dead = (DeadLetter) outcome;
        assertThat(dead.code()).isEqualTo(FailureCode.ASSET_DELETED);
        assertThat(dead.detail()).contains(Integer.toString(missing.status()))
                .containsAnyOf("Asset was not found.", "The requested object doesn't exist.");
    }

    @Test
    void wrongToken_everyShape_unauthorizedNamingTheRegion() {
        for (ErrorShapes.Body body : ErrorShapes.Body.values()) {
            PermalinkService service = service("not-the-token");
            simulator.createAsset(Jobs.API_KEY, "bltkept0001", "photo.jpg", "image/jpeg");
            simulator.errorBodies(body);

            JobOutcome outcome = service.process(Jobs.job("bltkept0001"), Deadline.after(Duration.ofMinutes(1)));

            assertThat(outcome).as(body.name()).isInstanceOf(DeadLetter.class);
            assertThat(((DeadLetter) outcome).code()).as(body.name()).isEqualTo(FailureCode.UNAUTHORIZED);
            assertThat(((DeadLetter) outcome).detail()).as(body.name()).contains("401")
                    .contains("You're not allowed in here").contains("CS_REGION EU");
        }
    }

    @Test
    void stackNotOnThisRegion_412Code109_unauthorizedNamingTheRegion() {
        simulator.addStack(Jobs.API_KEY, TOKEN);
        PermalinkService service = new PermalinkService(ContentstackClient.create(simulator.baseUrl(),
                ManagementTokens.forAnyStack(TOKEN), JsonCodec.create()), CmaPacing.create(100), Region.EU, null,
                new Backoff(2, Duration.ofMillis(1), Duration.ofMillis(2)), Duration.ofSeconds(5), waits::add,
                new Random(3), Jobs.SOON_AFTER);
        PermalinkJob job = new PermalinkJob(1, "bltotherregion001", "main", "blta", "a.jpg",
                "https://eu-images.contentstack.com/v3/assets/bltotherregion001/blta/v/a.jpg", "image/jpeg",
                "2026-11-20T09:14:07.502Z", "2026-11-20T09:14:08Z");

        JobOutcome outcome = service.process(job, Deadline.after(Duration.ofMinutes(1)));

        assertThat(outcome).isInstanceOf(DeadLetter.class);
        assertThat(((DeadLetter) outcome).code()).isEqualTo(FailureCode.UNAUTHORIZED);
        assertThat(((DeadLetter) outcome).detail()).contains("412 error_code 109")
                .contains("wrong API key, or the stack is not in CS_REGION EU (eu-api.contentstack.com)");
    }
}
