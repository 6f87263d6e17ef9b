package dev.permalinker.ingest.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;

/**
 * Fetches the key Contentstack publishes at {@code https://{app host}/.well-known/public-keys.json}:
 * {@code {"signing-key":"-----BEGIN RSA PUBLIC KEY-----…"}}. With {@link HttpURLConnection}, which the SQS client's
 * url-connection transport loads anyway: {@code java.net.http} would add its client and selector thread to the
 * ingest's cold start for one request.
 */
public final class PublishedSigningKey implements SigningKeySource.Fetcher {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI url;
    private final JsonCodec json;

    public PublishedSigningKey(URI url, JsonCodec json) {
        this.url = url;
        this.json = json;
    }

    @Override
    public PublicKey fetch() throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        byte[] body;
        try {
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setRequestProperty("Accept", "application/json");
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IOException(url + " answered " + status);
            }
            try (InputStream in = connection.getInputStream()) {
                body = in.readAllBytes();
            }
        } finally {
            connection.disconnect();
        }
        JsonNode key = json.readTree(body).get("signing-key");
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
