package dev.permalinker.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** One signed call against a loopback server that records what it received and answers as told. */
class SignedJsonCallTest {
    private final List<Map<String, List<String>>> received = new ArrayList<>();
    private HttpServer server;
    private int status = 200;
    private String answer = "{\"ok\":true}";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(Map.copyOf(exchange.getRequestHeaders()));
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SignedJsonCall call(URI endpoint) {
        return new SignedJsonCall(UrlConnectionHttpClient.create(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI")), "logs",
                "eu-west-1", endpoint);
    }

    @Test
    void endpoint_null_theRegionalEndpointOfTheService() {
        assertThat(call(null).endpoint()).isEqualTo(URI.create("https://logs.eu-west-1.amazonaws.com/"));
    }

    @Test
    void endpoint_null_theDnsSuffixOfTheRegionsPartition() {
        SignedJsonCall china = new SignedJsonCall(UrlConnectionHttpClient.create(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI")), "events",
                "cn-north-1", null);

        assertThat(china.endpoint()).isEqualTo(URI.create("https://events.cn-north-1.amazonaws.com.cn/"));
    }

    @Test
    void call_signsForTheServiceAndRegion_targetInTheHeader() throws IOException {
        SignedJsonCall.Answer answer = call(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                .call("Logs_20140328.StartQuery", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json(JsonCodec.create()).path("ok").asBoolean()).isTrue();
        assertThat(received).singleElement().satisfies(headers -> {
            assertThat(headers.get("X-amz-target")).containsExactly("Logs_20140328.StartQuery");
            assertThat(headers.get("Authorization")).singleElement().asString()
                    .contains("/eu-west-1/logs/aws4_request");
        });
    }

    @Test
    void call_errorStatusOrEmptyBody_handedBackAsIs() throws IOException {
        status = 400;
        answer = "";

        SignedJsonCall.Answer answer = call(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                .call("Logs_20140328.StartQuery", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEmpty();
        assertThatThrownBy(() -> answer.json(JsonCodec.create())).hasMessage("empty answer");
    }
}
