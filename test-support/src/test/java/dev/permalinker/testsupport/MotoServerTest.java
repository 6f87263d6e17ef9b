package dev.permalinker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MotoServerTest {

    @Test
    void shared_startsOnALoopbackPort_andAnswersMotosOwnApi() throws Exception {
        URI endpoint = MotoServer.shared().endpoint();

        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
        assertThat(endpoint.getPort()).isPositive();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(MotoServer.shared()).isSameAs(MotoServer.shared());
    }

    @Test
    void start_withoutTheExecutable_failsNamingWhatToInstall() {
        String before = System.getProperty(MotoServer.EXECUTABLE_PROPERTY);
        System.setProperty(MotoServer.EXECUTABLE_PROPERTY, "moto_server_that_is_not_installed");
        try {
            assertThatThrownBy(MotoServer::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("moto_server_that_is_not_installed")
                    .hasMessageContaining("never skip");
        } finally {
            if (before == null) {
                System.clearProperty(MotoServer.EXECUTABLE_PROPERTY);
            } else {
                System.setProperty(MotoServer.EXECUTABLE_PROPERTY, before);
            }
        }
    }
}
