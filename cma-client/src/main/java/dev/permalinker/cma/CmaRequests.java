package dev.permalinker.cma;

import dev.permalinker.model.Identifiers;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Builds and sends CMA requests: the stack ({@code api_key}), the management token ({@code authorization}) and the
 * {@code branch} header, sent for every branch but {@code main}. Shared by the worker's client and the operator's
 * asset listing. Never logs or prints the token.
 *
 * <p>Headers: https://www.contentstack.com/docs/developers/apis/content-management-api#authentication
 */
final class CmaRequests {
    private final HttpClient http;
    private final URI baseUrl;
    private final ManagementTokens tokens;
    private final JsonCodec json;
    private final CmaCallListener listener;

    CmaRequests(HttpClient http, URI baseUrl, ManagementTokens tokens, JsonCodec json, CmaCallListener listener) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.json = json;
        this.listener = listener;
    }

    static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A request with the stack, token and branch headers; {@code pathAndQuery} holds only safe values. */
    HttpRequest.Builder request(String apiKey, String branch, String pathAndQuery, Duration timeout) {
        if (!Identifiers.isSafe(apiKey) || !Identifiers.isSafe(branch)) {
            throw new IllegalArgumentException("api key and branch must match " + Identifiers.SAFE_ID);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(pathAndQuery))
                .timeout(timeout)
                .header("api_key", apiKey)
                .header("authorization", tokens.tokenFor(apiKey))
                .header("Accept", "application/json");
        if (!Identifiers.DEFAULT_BRANCH.equals(branch)) {
            builder.header("branch", branch);
        }
        return builder;
    }

    CmaResponse send(HttpRequest request) throws IOException {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                listener.failed(System.nanoTime() - started);
                throw e;
            }
            listener.answered(response.statusCode(), System.nanoTime() - started);
            var headers = response.headers();
            return CmaResponse.of(response.statusCode(), response.body(), json,
                    headers.firstValue("Retry-After").flatMap(CmaRequests::seconds),
                    integer(headers.firstValue("X-RateLimit-Limit")),
                    integer(headers.firstValue("X-RateLimit-Remaining")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling the CMA", e);
        }
    }

    JsonCodec json() {
        return json;
    }

    URI baseUrl() {
        return baseUrl;
    }

    private static Optional<Duration> seconds(String value) {
        OptionalInt parsed = integer(Optional.of(value));
        return parsed.isPresent() ? Optional.of(Duration.ofSeconds(parsed.getAsInt())) : Optional.empty();
    }

    private static OptionalInt integer(Optional<String> value) {
        try {
            return value.isPresent() ? OptionalInt.of(Integer.parseInt(value.get().trim())) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
