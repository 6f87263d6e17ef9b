package dev.permalinker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.permalinker.ingest.IngestService;
import dev.permalinker.model.FailureAttributes;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermanentUrl;
import dev.permalinker.model.Region;
import dev.permalinker.model.WebhookPayloads;
import dev.permalinker.signing.CertificateSignature;
import dev.permalinker.simulator.ContentstackSimulator;
import dev.permalinker.simulator.ReceivedRequest;
import dev.permalinker.simulator.SimulatedAsset;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The local pipeline against the simulator with bodies shaped like Contentstack's documented deliveries: concise
 * payloads, deleted assets (422 with error_code 145), two stacks with a token each, a branch.
 */
class ContentstackFidelityIT {
    private static final String STACK_ONE = "bltstackone0000001";
    private static final String STACK_TWO = "bltstacktwo0000002";
    private static final String TOKEN_ONE = "cs-token-of-stack-one";
    private static final String TOKEN_TWO = "cs-token-of-stack-two";

    private final JsonCodec json = JsonCodec.create();
    private final HttpClient http = HttpClient.newHttpClient();
    private ContentstackSimulator cma;
    private LocalPipeline pipeline;

    @BeforeEach
    void start() {
        cma = ContentstackSimulator.start(0, "unused-default-token", 100);
        cma.addStack(STACK_ONE, TOKEN_ONE);
        cma.addStack(STACK_TWO, TOKEN_TWO);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CS_APIKEY", STACK_ONE + "," + STACK_TWO);
        env.put("CS_SIGNING_KEY_URL", cma.signingKeyUrl().toString());
        env.put("CS_MANAGEMENTTOKENS", STACK_ONE + "=" + TOKEN_ONE + "," + STACK_TWO + "=" + TOKEN_TWO);
        env.put("CS_CMA_URL", cma.baseUrl().toString());
        env.put("CS_RATE_LIMIT", "100");
        pipeline = LocalPipeline.start(new LocalConfig("127.0.0.1", 0, 0, 3, 2, 5), env);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (pipeline != null) {
            pipeline.close();
        }
        cma.close();
    }

    private int post(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(pipeline.ingestUrl().resolve(IngestService.PATH))
                .header("Content-Type", "application/json")
                .header(CertificateSignature.HEADER, cma.signCertificate(bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private String full(String apiKey, SimulatedAsset asset) {
        return new String(WebhookPayloads.assetCreated(json, apiKey, asset.uid(), asset.filename(), asset.url(),
                asset.contentType()), StandardCharsets.UTF_8);
    }

    private static String concise(String apiKey, String uid) {
        return "{\"module\":\"asset\",\"api_key\":\"" + apiKey + "\",\"data\":{\"asset\":{\"uid\":\"" + uid
                + "\"}},\"event\":\"create\",\"triggered_at\":\"" + Instant.now() + "\"}";
    }

    @Test
    void concisePayload_assetReadFromTheCmaAndItsUrlSet() throws Exception {
        SimulatedAsset asset = cma.createAsset(STACK_ONE, "bltconcise001", "Price List 2027.pdf", "application/pdf");

        assertThat(post(concise(STACK_ONE, asset.uid()))).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> cma.permanentUrl(STACK_ONE, asset.uid()) != null);
        assertThat(cma.permanentUrl(STACK_ONE, asset.uid()))
                .isEqualTo(PermanentUrl.of(STACK_ONE, asset.info(), Region.NA, null))
                .isEqualTo("https://assets.contentstack.io/v3/assets/" + STACK_ONE + "/" + asset.uid()
                        + "/Price_List_2027.pdf");
        assertThat(cma.getCallsFor(asset.uid())).isEqualTo(1);
        assertThat(cma.writesFor(asset.uid())).isEqualTo(1);
    }

    @Test
    void deletedAsset_422Code145_endsInTheDlqAsAssetDeleted() throws Exception {
        SimulatedAsset asset = cma.createAsset(STACK_ONE, "bltdeleted001", "gone.png", "image/png");
        cma.deleteAsset(STACK_ONE, asset.uid());

        assertThat(post(full(STACK_ONE, asset))).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.sqs().depth(pipeline.sqs().dlqUrl()) == 1);
        List<Message> dead = pipeline.sqs().client().receiveMessage(r -> r.queueUrl(pipeline.sqs().dlqUrl())
                .messageAttributeNames("All").waitTimeSeconds(1)).messages();
        assertThat(dead.get(0).messageAttributes().get(FailureAttributes.CODE).stringValue())
                .isEqualTo("asset_deleted");
        assertThat(dead.get(0).messageAttributes().get(FailureAttributes.DETAIL).stringValue()).contains("145");
    }

    @Test
    void twoStacks_eachWrittenWithItsOwnToken() throws Exception {
        SimulatedAsset one = cma.createAsset(STACK_ONE, "bltfromone0001", "one.png", "image/png");
        SimulatedAsset two = cma.createAsset(STACK_TWO, "bltfromtwo0001", "two.png", "image/png");

        assertThat(post(full(STACK_ONE, one))).isEqualTo(202);
        assertThat(post(full(STACK_TWO, two))).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> cma.permanentUrl(STACK_ONE, one.uid()) != null
                && cma.permanentUrl(STACK_TWO, two.uid()) != null);
        List<ReceivedRequest> received = cma.received();
        assertThat(received).filteredOn(r -> STACK_ONE.equals(r.apiKey()))
                .isNotEmpty().allSatisfy(r -> assertThat(r.authorization()).isEqualTo(TOKEN_ONE));
        assertThat(received).filteredOn(r -> STACK_TWO.equals(r.apiKey()))
                .isNotEmpty().allSatisfy(r -> assertThat(r.authorization()).isEqualTo(TOKEN_TWO));
    }

    @Test
    void branch_headerSentWithTheBranchUid_mainSendsNone() throws Exception {
        SimulatedAsset onBranch = cma.createAsset(STACK_ONE, "bltbranch00001", "b.png", "image/png");
        SimulatedAsset onMain = cma.createAsset(STACK_ONE, "bltmain000001", "m.png", "image/png");
        String branched = full(STACK_ONE, onBranch).replace("\"data\":{",
                "\"data\":{\"branch\":{\"alias\":[\"test\"],\"uid\":\"development\",\"source\":\"main\"},");

        assertThat(post(branched)).isEqualTo(202);
        assertThat(post(full(STACK_ONE, onMain))).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> cma.permanentUrl(STACK_ONE, onBranch.uid()) != null
                && cma.permanentUrl(STACK_ONE, onMain.uid()) != null);
        assertThat(cma.received()).filteredOn(r -> r.path().endsWith(onBranch.uid()))
                .allSatisfy(r -> assertThat(r.branch()).isEqualTo("development"));
        assertThat(cma.received()).filteredOn(r -> r.path().endsWith(onMain.uid()))
                .allSatisfy(r -> assertThat(r.branch()).isNull());
    }
}
