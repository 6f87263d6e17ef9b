package dev.permalinker.ingest;

import static dev.permalinker.ingest.TestWebhooks.API_KEY;
import static dev.permalinker.ingest.TestWebhooks.ASSET_UID;
import static dev.permalinker.ingest.TestWebhooks.fixture;
import static dev.permalinker.ingest.TestWebhooks.fixtureWith;
import static dev.permalinker.ingest.TestWebhooks.signed;
import static dev.permalinker.ingest.TestWebhooks.utf8;
import static dev.permalinker.ingest.TestWebhooks.withHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.ingest.IngestResult.Ignored;
import dev.permalinker.ingest.IngestResult.Queued;
import dev.permalinker.ingest.IngestResult.Rejected;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.PermalinkJob;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestServiceTest {
    private final RecordingPublisher publisher = new RecordingPublisher();

    private IngestService service(Map<String, String> envChanges) {
        Map<String, String> env = TestWebhooks.env();
        env.putAll(envChanges);
        env.values().removeIf(v -> v == null || v.isEmpty());
        return IngestService.create(IngestConfig.fromEnv(env), JsonCodec.create(), publisher, TestWebhooks.CLOCK);
    }

    private IngestResult handle(InboundRequest request) {
        return service(Map.of()).handle(request);
    }

    private static void assertRejected(IngestResult result, ErrorCode code) {
        assertThat(result).isInstanceOf(Rejected.class);
        assertThat(((Rejected) result).code()).isEqualTo(code);
        assertThat(result.status()).isEqualTo(code.status());
    }

    @Test
    void handle_authenticAssetCreation_queuesOneJobWithContractIds() {
        IngestResult result = handle(signed(fixture()));

        assertThat(result).isEqualTo(new Queued(ASSET_UID));
        assertThat(result.status()).isEqualTo(202);
        assertThat(result.body()).containsEntry("status", "queued").containsEntry("assetUid", ASSET_UID);
        assertThat(publisher.published).hasSize(1);
        PermalinkJob job = publisher.published.get(0);
        assertThat(job.v()).isEqualTo(1);
        assertThat(job.apiKey()).isEqualTo(API_KEY);
        assertThat(job.branch()).isEqualTo("main");
        assertThat(job.assetUid()).isEqualTo(ASSET_UID);
        assertThat(job.filename()).isEqualTo("Summer Sale 2026 (hero).jpeg");
        assertThat(job.assetUrl()).startsWith("https://eu-images.contentstack.com/v3/assets/");
        assertThat(job.triggeredAt()).isEqualTo("2026-11-20T09:14:07.502Z");
        assertThat(job.receivedAt()).isEqualTo("2026-11-20T09:16:07Z");
        assertThat(job.messageGroupId()).isEqualTo(ASSET_UID);
        assertThat(job.deduplicationId())
                .isEqualTo(PermalinkJob.sha256Hex(API_KEY + ":main:" + ASSET_UID))
                .hasSize(64);
    }

    @Test
    void handle_branchInPayload_jobCarriesBranch() {
        String body = fixtureWith("\"event\":\"create\"", "\"event\":\"create\"")
                .replace("\"data\":{", "\"data\":{\"branch\":{\"uid\":\"develop\"},");

        handle(signed(body));

        assertThat(publisher.published).singleElement().extracting(PermalinkJob::branch).isEqualTo("develop");
    }

    @Test
    void handle_branchWithAlias_jobCarriesTheBranchUid() {
        String body = fixture().replace("\"data\":{",
                "\"data\":{\"branch\":{\"alias\":[\"test\"],\"uid\":\"development\",\"source\":\"main\"},");

        assertThat(handle(signed(body)).status()).isEqualTo(202);
        assertThat(publisher.published).singleElement().extracting(PermalinkJob::branch).isEqualTo("development");
    }

    @Test
    void handle_concisePayload_queuedWithOnlyTheUid() {
        String body = "{\"module\":\"asset\",\"api_key\":\"" + API_KEY + "\",\"data\":{\"asset\":{\"uid\":\""
                + ASSET_UID + "\"}},\"event\":\"create\",\"triggered_at\":\"2026-11-20T09:14:07.502Z\"}";

        IngestResult result = handle(signed(body));

        assertThat(result).isEqualTo(new Queued(ASSET_UID));
        PermalinkJob job = publisher.published.get(0);
        assertThat(job.isConcise()).isTrue();
        assertThat(job.filename()).isEmpty();
        assertThat(job.assetUrl()).isEmpty();
        assertThat(job.deduplicationId()).isEqualTo(PermalinkJob.deduplicationId(API_KEY, "main", ASSET_UID));
    }

    @Test
    void handle_folderCreation_ignored() {
        String body = fixtureWith("\"is_dir\":false", "\"is_dir\":true");

        IngestResult result = handle(signed(body));

        assertThat(result).isInstanceOf(Ignored.class);
        assertThat(result.status()).isEqualTo(200);
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void handle_fullPayload_jobCarriesTheContentType() {
        handle(signed(fixture()));

        assertThat(publisher.published).singleElement().extracting(PermalinkJob::contentType).isEqualTo("image/jpeg");
    }

    @Test
    void handle_missingSecretHeader_unauthenticated() {
        assertRejected(handle(withHeaders(fixture(), mapOf("secret", null))), ErrorCode.UNAUTHENTICATED);
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void handle_wrongSecret_unauthenticated() {
        assertRejected(handle(withHeaders(fixture(), mapOf("secret", "guess"))), ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void handle_missingSignature_unauthenticated() {
        assertRejected(handle(withHeaders(fixture(), mapOf("x-contentstack-request-signature", null))),
                ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void handle_signatureOverOtherBytes_unauthenticated() {
        String other = fixtureWith("\"event\":\"create\"", "\"event\":\"delete\"");
        IngestResult result = handle(withHeaders(fixture(), mapOf("x-contentstack-request-signature",
                TestWebhooks.headers(other).get("x-contentstack-request-signature"))));

        assertRejected(result, ErrorCode.UNAUTHENTICATED);
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void handle_whitespaceChangedAfterSigning_unauthenticated() {
        String body = fixture();
        String signature = TestWebhooks.headers(body).get("x-contentstack-request-signature");
        String reformatted = body.replace("\"module\":\"asset\"", "\"module\": \"asset\"");

        IngestResult result = handle(withHeaders(reformatted, mapOf("x-contentstack-request-signature", signature)));

        assertRejected(result, ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void handle_hmacMethodDuringRotation_eitherOrganisationKeyPasses() {
        IngestService rotating = service(Map.of("CS_SIGNATURE_METHOD", "hmac",
                "CS_HMAC_SECRETS", "new-key-2027," + TestWebhooks.HMAC_KEY));
        String body = fixture();

        IngestResult oldKey = rotating.handle(withHeaders(body, mapOf("x-contentstack-hmac-signature",
                TestWebhooks.hmacHeader(body, TestWebhooks.HMAC_KEY))));
        IngestResult newKey = rotating.handle(withHeaders(body, mapOf("x-contentstack-hmac-signature",
                TestWebhooks.hmacHeader(body, "new-key-2027"))));
        IngestResult retiredKey = rotating.handle(withHeaders(body, mapOf("x-contentstack-hmac-signature",
                TestWebhooks.hmacHeader(body, "retired-2025"))));

        assertThat(oldKey.status()).isEqualTo(202);
        assertThat(newKey.status()).isEqualTo(202);
        assertRejected(retiredKey, ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void handle_allConfiguredMethodsMustPass_rightSignatureWrongSecretRefused() {
        IngestService withBasic = service(Map.of("CS_BASIC_AUTH", "contentstack:pa55word"));
        String body = fixture();
        String basic = "Basic " + Base64.getEncoder()
                .encodeToString("contentstack:pa55word".getBytes(StandardCharsets.UTF_8));

        assertThat(withBasic.handle(withHeaders(body, mapOf("authorization", basic))).status()).isEqualTo(202);
        assertRejected(withBasic.handle(signed(body)), ErrorCode.UNAUTHENTICATED);
        assertRejected(withBasic.handle(withHeaders(body, mapOf("authorization", basic, "secret", "nope"))),
                ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void handle_staleTriggeredAt_unauthenticated() {
        String body = fixtureWith("2026-11-20T09:14:07.502Z", "2026-11-20T08:40:00.000Z");
        assertRejected(handle(signed(body)), ErrorCode.UNAUTHENTICATED);
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void handle_futureTriggeredAt_unauthenticated() {
        String body = fixtureWith("2026-11-20T09:14:07.502Z", "2026-11-20T09:21:08.000Z");
        assertRejected(handle(signed(body)), ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void handle_triggeredAtSlightlyAhead_accepted() {
        String body = fixtureWith("2026-11-20T09:14:07.502Z", "2026-11-20T09:19:00.000Z");
        assertThat(handle(signed(body)).status()).isEqualTo(202);
    }

    @Test
    void handle_nonJson_invalidJson() {
        assertRejected(handle(signed("module=asset&event=create")), ErrorCode.INVALID_JSON);
    }

    @Test
    void handle_truncatedJson_invalidJson() {
        String body = fixture();
        assertRejected(handle(signed(body.substring(0, body.length() - 2))), ErrorCode.INVALID_JSON);
    }

    @Test
    void handle_jsonArray_invalidPayload() {
        IngestResult result = handle(signed("[" + fixture() + "]"));
        assertRejected(result, ErrorCode.INVALID_PAYLOAD);
        assertThat(message(result)).contains("object");
    }

    @Test
    void handle_nestingDeeperThan64_invalidJson() {
        String deep = "{\"module\":\"asset\",\"x\":" + "[".repeat(70) + "]".repeat(70) + "}";
        assertRejected(handle(signed(deep)), ErrorCode.INVALID_JSON);
    }

    @Test
    void handle_duplicateKeys_invalidJson() {
        String body = fixtureWith("\"event\":\"create\"", "\"event\":\"create\",\"event\":\"delete\"");
        assertRejected(handle(signed(body)), ErrorCode.INVALID_JSON);
    }

    @Test
    void handle_missingAssetUid_invalidPayloadNamingField() {
        String body = fixtureWith("\"uid\":\"blt0a1b2c3d4e5f6789\",", "");
        IngestResult result = handle(signed(body));
        assertRejected(result, ErrorCode.INVALID_PAYLOAD);
        assertThat(message(result)).contains("data.asset.uid");
    }

    @Test
    void handle_assetUidOfWrongType_invalidPayloadNamingField() {
        String body = fixtureWith("\"uid\":\"blt0a1b2c3d4e5f6789\"", "\"uid\":12345");
        IngestResult result = handle(signed(body));
        assertRejected(result, ErrorCode.INVALID_PAYLOAD);
        assertThat(message(result)).contains("data.asset.uid").contains("string");
    }

    @Test
    void handle_assetUidThatWouldEscapeThePath_invalidPayload() {
        String body = fixtureWith("\"uid\":\"blt0a1b2c3d4e5f6789\"", "\"uid\":\"../../v3/stacks\"");
        assertRejected(handle(signed(body)), ErrorCode.INVALID_PAYLOAD);
    }

    @Test
    void handle_missingTriggeredAt_invalidPayload() {
        String body = fixtureWith(",\"triggered_at\":\"2026-11-20T09:14:07.502Z\"", "");
        IngestResult result = handle(signed(body));
        assertRejected(result, ErrorCode.INVALID_PAYLOAD);
        assertThat(message(result)).contains("triggered_at");
    }

    @Test
    void handle_httpAssetUrl_invalidPayload() {
        String body = fixtureWith("\"url\":\"https://", "\"url\":\"http://");
        IngestResult result = handle(signed(body));
        assertRejected(result, ErrorCode.INVALID_PAYLOAD);
        assertThat(message(result)).contains("data.asset.url");
    }

    @Test
    void handle_unknownStack_forbidden() {
        String body = fixture().replace(API_KEY + "\",\"data\"", "bltunknownstack99\",\"data\"");
        assertThat(body).contains("bltunknownstack99");
        assertRejected(handle(signed(body)), ErrorCode.UNKNOWN_STACK);
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void handle_entryModule_ignored() {
        String body = fixtureWith("\"module\":\"asset\"", "\"module\":\"entry\"");
        IngestResult result = handle(signed(body));
        assertThat(result).isInstanceOf(Ignored.class);
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).containsEntry("status", "ignored");
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void handle_updateEvent_ignored() {
        String body = fixtureWith("\"event\":\"create\"", "\"event\":\"update\"");
        IngestResult result = handle(signed(body));
        assertThat(result).isInstanceOf(Ignored.class);
        assertThat(((Ignored) result).reason()).contains("update");
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void handle_oversizedBody_payloadTooLargeBeforeAuthentication() {
        String body = fixture() + " ".repeat(262_144);
        assertRejected(handle(withHeaders(body, mapOf("secret", null))), ErrorCode.PAYLOAD_TOO_LARGE);
    }

    @Test
    void handle_wrongContentType_unsupportedMediaType() {
        assertRejected(handle(withHeaders(fixture(), mapOf("content-type", "text/plain"))),
                ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        assertRejected(handle(withHeaders(fixture(), mapOf("content-type", null))), ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void handle_jsonWithCharset_accepted() {
        assertThat(handle(withHeaders(fixture(), mapOf("content-type", "application/json; charset=utf-8"))).status())
                .isEqualTo(202);
    }

    @Test
    void handle_unicodeAndSpacesInFilename_keptExactly() {
        String filename = "Café menü – été 2026 ✓.png";
        String body = fixtureWith("\"filename\":\"Summer Sale 2026 (hero).jpeg\"", "\"filename\":\"" + filename + "\"");

        assertThat(handle(signed(body)).status()).isEqualTo(202);

        assertThat(publisher.published).singleElement().extracting(PermalinkJob::filename).isEqualTo(filename);
    }

    @Test
    void handle_wrongPath_notFound() {
        InboundRequest request = new InboundRequest("POST", "/webhooks/other", TestWebhooks.headers(fixture()),
                utf8(fixture()));
        assertRejected(handle(request), ErrorCode.NOT_FOUND);
    }

    @Test
    void handle_get_methodNotAllowed() {
        InboundRequest request = new InboundRequest("GET", IngestService.PATH, Map.of(), new byte[0]);
        assertRejected(handle(request), ErrorCode.METHOD_NOT_ALLOWED);
    }

    @Test
    void handle_queueUnavailable_serviceUnavailableNeverTwoHundred() {
        publisher.failing = true;
        IngestResult result = handle(signed(fixture()));
        assertRejected(result, ErrorCode.QUEUE_UNAVAILABLE);
        assertThat(result.body()).containsKey("error");
    }

    @Test
    void handle_rejection_bodyHasCodeAndMessageButNoSecret() {
        IngestResult result = handle(withHeaders(fixture(), mapOf("secret", "attacker-guess")));
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) result.body().get("error");
        assertThat(error).containsEntry("code", "unauthenticated").containsKey("message");
        assertThat(error.toString()).doesNotContain("attacker-guess").doesNotContain(TestWebhooks.SECRET);
    }

    @Test
    void create_noAuthenticationMethod_refusesToStart() {
        assertThatThrownBy(() -> new IngestService(java.util.Set.of(API_KEY), List.of(),
                java.time.Duration.ofMinutes(30), 1024, JsonCodec.create(), publisher, TestWebhooks.CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String message(IngestResult result) {
        return ((Rejected) result).message();
    }

    private static Map<String, String> mapOf(String... keysAndValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
