package dev.permalinker.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

class PrimingServerIT {
    private final JsonCodec json = JsonCodec.create();

    @Test
    void sqsSendMessage_answersTheSdkWithTheMd5ItChecks_andKeepsTheBody() throws Exception {
        List<String> sent = new ArrayList<>();
        try (PrimingServer server = PrimingServer.start(json, Map.of("/", PrimingServer.sqsSendMessage(sent)));
             SqsClient sqs = AwsClients.local(server.endpoint()).sqs(Duration.ofSeconds(5))) {
            String queueUrl = server.endpoint() + "/000000000000/priming.fifo";

            String messageId = sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"job\":1}")
                    .messageGroupId("g").messageDeduplicationId("d")).messageId();

            assertThat(messageId).isNotBlank();
            assertThat(sent).containsExactly("{\"job\":1}");
            assertThat(server.requests()).isEqualTo(1);
            assertThatThrownBy(() -> sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)))
                    .as("SendMessage only").isInstanceOf(SdkException.class);
            assertThat(sent).hasSize(1);
        }
    }

    @Test
    void cmaRoute_answersJsonWithRateLimitHeaders_seesMethodPathAndBody() throws Exception {
        List<String> seen = new ArrayList<>();
        try (PrimingServer server = PrimingServer.start(json, Map.of("/v3/assets/", request -> {
            seen.add(request.method() + " " + request.path() + " " + request.body().path("asset").path("title"));
            return PrimingServer.Answer.cma(Map.of("asset", PrimingServer.cmaAsset("images.example", "blta")));
        }))) {
            HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.endpoint() + "/v3/assets/blta")).PUT(HttpRequest.BodyPublishers.ofString(
                    "{\"asset\":{\"title\":\"t\"}}")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> get = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.endpoint() + "/v3/assets/blta")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(seen).containsExactly("PUT /v3/assets/blta \"t\"", "GET /v3/assets/blta ");
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.headers().firstValue("X-RateLimit-Remaining")).hasValue("9");
            assertThat(get.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode asset = json.readTree(get.body().getBytes(StandardCharsets.UTF_8)).path("asset");
            assertThat(asset.path("url").asText()).isEqualTo(PrimingServer.assetUrl("images.example", "blta"))
                    .startsWith("https://images.example/v3/assets/" + PrimingServer.STACK + "/blta/");
            assertThat(asset.path("is_dir").asBoolean(true)).isFalse();
            assertThat(put.body()).isEqualTo(get.body());
            assertThat(server.requests()).isEqualTo(2);
        }
    }
}
