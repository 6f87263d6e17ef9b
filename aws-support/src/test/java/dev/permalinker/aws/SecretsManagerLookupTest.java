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
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** Runs the lookup against a loopback server that records what it received and answers like Secrets Manager. */
class SecretsManagerLookupTest {
    private record Received(Map<String, List<String>> headers, String body) {
    }

    private final List<Received> received = new ArrayList<>();
    private HttpServer server;
    private int status = 200;
    private String answer = "{\"ARN\":\"arn\",\"Name\":\"webhook\",\"SecretString\":\"the-secret\"}";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SecretsManagerLookup lookup() {
        return new SecretsManagerLookup(UrlConnectionHttpClient.create(),
                StaticCredentialsProvider.create(AwsSessionCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI",
                        "session")),
                "eu-west-1", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), JsonCodec.create());
    }

    @Test
    void resolve_sendsSignedGetSecretValue_returnsSecretString() {
        String value = lookup().resolve("arn:aws:secretsmanager:eu-west-1:123456789012:secret:webhook-AbCdEf");

        assertThat(value).isEqualTo("the-secret");
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.headers().get("X-amz-target")).containsExactly("secretsmanager.GetSecretValue");
            assertThat(r.headers().get("Content-type")).containsExactly("application/x-amz-json-1.1");
            assertThat(r.headers().get("Authorization")).singleElement().asString()
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                    .contains("/eu-west-1/secretsmanager/aws4_request");
            assertThat(r.headers().get("X-amz-security-token")).containsExactly("session");
            assertThat(r.body()).isEqualTo(
                    "{\"SecretId\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:webhook-AbCdEf\"}");
        });
    }

    @Test
    void resolve_errorAnswer_namesErrorTypeAndArn() {
        status = 400;
        answer = "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"Secrets Manager can't find the secret.\"}";

        assertThatThrownBy(() -> lookup().resolve("arn:missing"))
                .hasMessageContaining("ResourceNotFoundException").hasMessageContaining("arn:missing");
    }
}
