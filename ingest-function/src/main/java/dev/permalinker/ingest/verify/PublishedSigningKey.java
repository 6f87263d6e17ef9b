package dev.permalinker.ingest.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Duration;

/**
 * Fetches the key Contentstack publishes at {@code https://{app host}/.well-known/public-keys.json}:
 * {@code {"signing-key":"-----BEGIN RSA PUBLIC KEY-----…"}}.
 */
public final class PublishedSigningKey implements SigningKeySource.Fetcher {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI url;
    private final JsonCodec json;
    private final HttpClient http;

    public PublishedSigningKey(URI url, JsonCodec json) {
        this.url = url;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public PublicKey fetch() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        JsonNode key = json.readTree(response.body()).get("signing-key");
        if (key == null || !key.isTextual()) {
            throw new IOException(url + " has no \"signing-key\"");
        }
        try {
            return PublicKeys.fromPem(key.textValue());
        } catch (IllegalArgumentException e) {
            throw new IOException(url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "PublishedSigningKey[" + url + "]";
    }
}
