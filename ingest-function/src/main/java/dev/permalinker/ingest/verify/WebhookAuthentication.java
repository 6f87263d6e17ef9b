package dev.permalinker.ingest.verify;

import dev.permalinker.ingest.IngestConfig;
import dev.permalinker.ingest.IngestConfig.SignatureMethod;
import dev.permalinker.model.JsonCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The verifiers a configuration asks for, one per method; every one of them must pass. */
public final class WebhookAuthentication {
    private WebhookAuthentication() {
    }

    /**
     * @param config secrets already resolved; for the certificate method without a given key, the key is fetched
     *               now (an {@link IllegalStateException} if it cannot be: the function must not start blind)
     */
    public static List<RequestVerifier> verifiers(IngestConfig config, JsonCodec json, Clock clock) {
        List<RequestVerifier> verifiers = new ArrayList<>();
        if (config.signatureMethod() == SignatureMethod.CERTIFICATE) {
            SigningKeySource keys = config.signingPublicKey() != null
                    ? SigningKeySource.fixed(config.signingPublicKey())
                    : SigningKeySource.fetched(new PublishedSigningKey(config.signingKeyUrl(), json),
                            () -> TimeUnit.MILLISECONDS.toNanos(clock.millis()));
            verifiers.add(new CertificateSignatureVerifier(keys));
        } else if (config.signatureMethod() == SignatureMethod.HMAC) {
            verifiers.add(new HmacSignatureVerifier(config.hmacSecrets(), clock, config.replayWindow(),
                    IngestConfig.MAX_CLOCK_SKEW));
        }
        if (config.sharedSecret() != null) {
            verifiers.add(new SharedSecretVerifier(config.secretHeader(), config.sharedSecret()));
        }
        if (config.basicAuth() != null) {
            verifiers.add(new BasicAuthVerifier(config.basicAuth()));
        }
        if (config.bearerToken() != null) {
            verifiers.add(new BearerTokenVerifier(config.bearerToken()));
        }
        return verifiers;
    }
}
