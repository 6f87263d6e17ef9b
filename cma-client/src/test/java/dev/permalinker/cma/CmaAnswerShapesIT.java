package dev.permalinker.cma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.cma.CmaAnswer.Kind;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.ErrorShapes;
import dev.permalinker.simulator.Faults;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator's answers in each of its error-body shapes ({@link ErrorShapes.Body}), read over HTTP by the client
 * and classified: the same kinds as the recorded samples ({@link CmaAnswerSamples}).
 */
class CmaAnswerShapesIT {
    private static final String STACK = "bltstack0000000001";
    private static final String TOKEN = "cs-token";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** One simulator for the class (it starts with a fresh RSA key); each test sets the shapes it needs. */
    private static ContentstackSimulator simulator;
    private final JsonCodec json = JsonCodec.create();

    @BeforeAll
    static void start() {
        simulator = ContentstackSimulator.start(0, TOKEN, 1000);
        simulator.addStack(STACK, TOKEN);
        simulator.createAsset(STACK, "bltkept0001", "a.png", "image/png");
    }

    @AfterEach
    void reset() {
        simulator.faults(Faults.none());
        simulator.errorBodies(ErrorShapes.Body.STANDARD);
        simulator.missingAsset(ErrorShapes.MissingAsset.ASSET_NOT_FOUND_145);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private ContentstackClient client(ManagementTokens tokens) {
        return ContentstackClient.create(simulator.baseUrl(), tokens, json);
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("dev.permalinker.cma.CmaAnswerSamples#simulatorMissingAssets")
    void deletedAsset_everyShape_missing(ErrorShapes.MissingAsset missing, ErrorShapes.Body body) throws IOException {
        simulator.missingAsset(missing);
        simulator.errorBodies(body);
        ContentstackClient client = client(ManagementTokens.single(STACK, TOKEN));

        CmaAnswer get = client.getAsset(STACK, "main", "bltgone0001", TIMEOUT).answer();
        CmaAnswer put = client.setPermanentUrl(STACK, "main", "bltgone0001", "https://p/q", TIMEOUT).answer();

        assertThat(get.kind()).isEqualTo(Kind.MISSING);
        assertThat(get.status()).isEqualTo(missing.status());
        assertThat(put.kind()).isEqualTo(Kind.MISSING);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ErrorShapes.Body.class)
    void wrongToken_everyShape_credentialsRefused(ErrorShapes.Body body) throws IOException {
        simulator.errorBodies(body);

        CmaAnswer answer = client(ManagementTokens.single(STACK, "not-the-token"))
                .getAsset(STACK, "main", "bltkept0001", TIMEOUT).answer();

        assertThat(answer.kind()).isEqualTo(Kind.CREDENTIALS_REFUSED);
        assertThat(answer.status()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ErrorShapes.Body.class)
    void stackNotOnThisHost_everyShape_credentialsRefusedAndTheRegionNamedWhenTheCodeSaysSo(ErrorShapes.Body body)
            throws IOException {
        simulator.errorBodies(body);

        CmaAnswer answer = client(ManagementTokens.forAnyStack(TOKEN)).getAsset("bltnotonthishost", "main", "blta",
                TIMEOUT)
                .answer();

        assertThat(answer.kind()).isEqualTo(Kind.CREDENTIALS_REFUSED);
        assertThat(answer.status()).isEqualTo(412);
        assertThat(answer.wrongApiKeyOrRegion()).isEqualTo(body == ErrorShapes.Body.STANDARD);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ErrorShapes.Body.class)
    void throttled_everyShape_throttled(ErrorShapes.Body body) throws IOException {
        simulator.errorBodies(body);
        simulator.faults(Faults.none().withThrottleRate(1));

        CmaAnswer answer = client(ManagementTokens.single(STACK, TOKEN)).getAsset(STACK, "main", "blta", TIMEOUT)
                .answer();

        assertThat(answer.kind()).isEqualTo(Kind.THROTTLED);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ErrorShapes.Body.class)
    void serverErrors_everyShape_transient(ErrorShapes.Body body) throws IOException {
        simulator.errorBodies(body);
        ContentstackClient client = client(ManagementTokens.single(STACK, TOKEN));

        for (int status : new int[] {500, 502, 503}) {
            simulator.forceStatus("bltdown0001", status);
            CmaAnswer answer = client.getAsset(STACK, "main", "bltdown0001", TIMEOUT).answer();

            assertThat(answer.kind()).as("%d", status).isEqualTo(Kind.TRANSIENT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ErrorShapes.Body.class)
    void refusedWrites_everyShape_rejectedNotMissing(ErrorShapes.Body body) throws IOException {
        simulator.createAsset(STACK, "bltset0001", "a.png", "image/png");
        simulator.setPermanentUrl(STACK, "bltset0001", "https://first/a.png");
        simulator.errorBodies(body);
        ContentstackClient client = client(ManagementTokens.single(STACK, TOKEN));

        CmaAnswer invalid = client.setPermanentUrl(STACK, "main", "bltset0001", "http://not-https", TIMEOUT).answer();
        CmaAnswer alreadySet = client.setPermanentUrl(STACK, "main", "bltset0001", "https://second/a.png", TIMEOUT)
                .answer();

        assertThat(invalid.kind()).isEqualTo(Kind.REJECTED);
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(alreadySet.kind()).isEqualTo(Kind.REJECTED);
    }

    @Test
    void existingAsset_done_decodedOnce() throws IOException {

        CmaResponse response = client(ManagementTokens.single(STACK, TOKEN))
                .getAsset(STACK, "main", "bltkept0001", TIMEOUT);

        assertThat(response.answer().kind()).as(response.answer().describe()).isEqualTo(Kind.DONE);
        CmaAsset asset = response.asset().orElseThrow();
        assertThat(asset.uid()).isEqualTo("bltkept0001");
        assertThat(asset.filename()).isEqualTo("a.png");
        assertThat(asset.contentType()).isEqualTo("image/png");
        assertThat(asset.createdAt()).isPresent();
        assertThat(asset.permanentUrl()).isEmpty();
    }
}
