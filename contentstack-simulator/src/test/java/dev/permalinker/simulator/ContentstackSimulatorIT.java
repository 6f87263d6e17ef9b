package dev.permalinker.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's HTTP behaviour, seen from a plain HTTP client, as the worker would see the CMA. */
class ContentstackSimulatorIT {
    private static final String TOKEN = "token-1";
    private static final String KEY = "bltstack0000000001";
    private final ContentstackSimulator cma = ContentstackSimulator.start(0, TOKEN, 5);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        cma.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String apiKey, String token,
                                      String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(cma.baseUrl() + path))
                .timeout(Duration.ofSeconds(2))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            builder.header("api_key", apiKey);
        }
        if (token != null) {
            builder.header("authorization", token);
        }
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String uid, String url) throws IOException, InterruptedException {
        return send("PUT", "/v3/assets/" + uid, "{\"asset\":{\"permanent_url\":\"" + url + "\"}}", KEY, TOKEN,
                "application/json");
    }

    @Test
    void put_setsOnceSameValueAgainOkDifferentValue422() throws Exception {
        cma.createAsset(KEY, "blta", "a.png", "image/png");

        assertThat(put("blta", "https://images.contentstack.io/v3/assets/k/blta/a.png").statusCode()).isEqualTo(200);
        assertThat(put("blta", "https://images.contentstack.io/v3/assets/k/blta/a.png").statusCode()).isEqualTo(200);
        HttpResponse<String> different = put("blta", "https://images.contentstack.io/v3/assets/k/blta/b.png");

        assertThat(different.statusCode()).isEqualTo(422);
        assertThat(different.body()).contains("\"error_message\"").contains("\"error_code\"").contains("\"errors\"");
        assertThat(cma.writesFor("blta")).isEqualTo(1);
        assertThat(cma.putCallsFor("blta")).isEqualTo(3);
        assertThat(send("GET", "/v3/assets/blta", null, KEY, TOKEN, null).body())
                .contains("\"permanent_url\":\"https://images.contentstack.io/v3/assets/k/blta/a.png\"");
    }

    @Test
    void errorShapes_configurable_missingAssetAndBody() throws Exception {
        cma.addStack(KEY);
        cma.missingAsset(ErrorShapes.MissingAsset.OBJECT_DOES_NOT_EXIST_141);
        HttpResponse<String> object = send("GET", "/v3/assets/nosuch", null, KEY, TOKEN, null);
        assertThat(object.statusCode()).isEqualTo(422);
        assertThat(object.body()).contains("\"error_code\":141").contains("The requested object doesn't exist.")
                .contains("\"uid\"");

        cma.errorBodies(ErrorShapes.Body.MESSAGE_ONLY);
        assertThat(send("GET", "/v3/assets/nosuch", null, KEY, TOKEN, null).body())
                .isEqualTo("{\"message\":\"The requested object doesn't exist.\"}");

        cma.errorBodies(ErrorShapes.Body.WITHOUT_ERROR_CODE);
        assertThat(send("GET", "/v3/assets/nosuch", null, KEY, TOKEN, null).body())
                .contains("\"error_message\"").contains("\"errors\"").doesNotContain("error_code");

        cma.errorBodies(ErrorShapes.Body.NOT_JSON);
        cma.missingAsset(ErrorShapes.MissingAsset.NOT_FOUND_404);
        HttpResponse<String> text = send("GET", "/v3/assets/nosuch", null, KEY, TOKEN, null);
        assertThat(text.statusCode()).isEqualTo(404);
        assertThat(text.body()).isEqualTo("Asset was not found.");
        assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/plain"));

        cma.errorBodies(ErrorShapes.Body.STANDARD);
        HttpResponse<String> unknownStack = send("GET", "/v3/assets/nosuch", null, "bltunknown", TOKEN, null);
        assertThat(unknownStack.statusCode()).isEqualTo(412);
        assertThat(unknownStack.body()).contains("\"error_code\":109");
    }

    @Test
    void headers_checkedLikeTheRealApi() throws Exception {
        cma.createAsset(KEY, "blta", "a.png", "image/png");
        String body = "{\"asset\":{\"permanent_url\":\"https://x/y\"}}";

        assertThat(send("PUT", "/v3/assets/blta", body, null, TOKEN, "application/json").statusCode()).isEqualTo(412);
        assertThat(send("PUT", "/v3/assets/blta", body, "bltunknown", TOKEN, "application/json").statusCode())
                .isEqualTo(412);
        assertThat(send("PUT", "/v3/assets/blta", body, KEY, "wrong", "application/json").statusCode()).isEqualTo(401);
        assertThat(send("PUT", "/v3/assets/blta", body, KEY, TOKEN, "text/plain").statusCode()).isEqualTo(400);
        HttpResponse<String> missing = send("PUT", "/v3/assets/nosuch", body, KEY, TOKEN, "application/json");
        assertThat(missing.statusCode()).as("Contentstack answers most not-found cases 422").isEqualTo(422);
        assertThat(missing.body()).contains("\"error_code\":145");
        cma.missingAssetStatus(404);
        assertThat(send("GET", "/v3/assets/nosuch", null, KEY, TOKEN, null).statusCode()).isEqualTo(404);
        cma.revokeToken();
        assertThat(send("GET", "/v3/assets/blta", null, KEY, TOKEN, null).statusCode()).isEqualTo(401);
    }

    @Test
    void tokens_belongToOneStack_anotherStacksTokenRefused() throws Exception {
        cma.addStack("bltsecond", "token-2");
        cma.createAsset("bltsecond", "bltb", "b.png", "image/png");

        assertThat(send("GET", "/v3/assets/bltb", null, "bltsecond", "token-2", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/v3/assets/bltb", null, "bltsecond", TOKEN, null).statusCode()).isEqualTo(401);
        assertThat(cma.received()).last().satisfies(r -> {
            assertThat(r.apiKey()).isEqualTo("bltsecond");
            assertThat(r.authorization()).isEqualTo(TOKEN);
            assertThat(r.branch()).isNull();
        });
    }

    @Test
    void publicKeys_servedAsContentstackPublishesThem_andRotate() throws Exception {
        HttpResponse<String> keys = http.send(HttpRequest.newBuilder(cma.signingKeyUrl()).build(),
                HttpResponse.BodyHandlers.ofString());
        cma.signingKeys().rotate();
        HttpResponse<String> rotated = http.send(HttpRequest.newBuilder(cma.signingKeyUrl()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(keys.statusCode()).isEqualTo(200);
        assertThat(keys.body()).startsWith("{\"signing-key\":\"-----BEGIN RSA PUBLIC KEY-----\\n");
        assertThat(rotated.body()).isNotEqualTo(keys.body());
        assertThat(cma.signingKeys().fetches()).isEqualTo(2);
    }

    @Test
    void rateLimit_429WithLimitHeadersAndNoRetryAfter() throws Exception {
        cma.createAsset(KEY, "blta", "a.png", "image/png");
        HttpResponse<String> throttled = null;
        for (int i = 0; i < 20 && throttled == null; i++) {
            HttpResponse<String> response = put("blta", "https://images.contentstack.io/a.png");
            if (response.statusCode() == 429) {
                throttled = response;
            }
        }

        assertThat(throttled).as("a 429 within 20 back-to-back writes at 5/s").isNotNull();
        assertThat(throttled.headers().firstValue("X-RateLimit-Limit")).contains("5");
        assertThat(throttled.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        assertThat(throttled.headers().firstValue("Retry-After")).isEmpty();
        assertThat(cma.throttled()).isPositive();
    }

    @Test
    void list_pagesWithSkipLimitAndCount() throws Exception {
        for (int i = 0; i < 5; i++) {
            cma.createAsset(KEY, "bltl" + i, i + ".pdf", "application/pdf");
        }

        HttpResponse<String> page = send("GET", "/v3/assets?skip=2&limit=2&include_count=true", null, KEY, TOKEN, null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("\"count\":5").contains("assets.contentstack.io");
        assertThat(page.body().split("\"uid\"")).hasSize(3);
    }

    @Test
    void faults_resetClosesWithoutAnswer() {
        cma.createAsset(KEY, "blta", "a.png", "image/png");
        cma.faults(Faults.none().withResetRate(1.0));

        assertThatThrownBy(() -> put("blta", "https://images.contentstack.io/a.png")).isInstanceOf(IOException.class);
        assertThat(cma.writesFor("blta")).isZero();
    }

    @Test
    void faults_hangPastClientTimeout() {
        cma.createAsset(KEY, "blta", "a.png", "image/png");
        cma.faults(Faults.none().withHang(1.0, Duration.ofSeconds(3)));

        assertThatThrownBy(() -> put("blta", "https://images.contentstack.io/a.png"))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);
    }

    @Test
    void faults_serverErrorsAreSeededAndCounted() throws Exception {
        cma.createAsset(KEY, "blta", "a.png", "image/png");
        cma.faults(Faults.none().withServerErrorRate(1.0).withSeed(3));

        int status = put("blta", "https://images.contentstack.io/a.png").statusCode();

        assertThat(status).isIn(500, 502, 503);
        assertThat(cma.injectedErrors()).isEqualTo(1);
        assertThat(cma.permanentUrl(KEY, "blta")).isNull();
    }
}
