package dev.permalinker.ingest;

import dev.permalinker.ingest.verify.PublicKeys;
import dev.permalinker.model.EnvReader;
import dev.permalinker.model.Region;
import dev.permalinker.model.SecretResolver;
import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The ingest's configuration, parsed once from the environment; every bad variable is reported together.
 *
 * <p>Authentication: Contentstack signs every webhook, with its certificate by default ({@code CS_SIGNATURE_METHOD
 * =certificate}) or with the organisation's HMAC keys ({@code hmac}); {@code none} turns signatures off and then
 * needs another method (custom header, Basic, Bearer). Every configured method must pass. {@code toString()} names
 * the methods, never their secrets.
 */
public record IngestConfig(
        Set<String> apiKeys,
        Region region,
        SignatureMethod signatureMethod,
        PublicKey signingPublicKey,
        URI signingKeyUrl,
        List<String> hmacSecrets,
        String hmacSecretsArn,
        String secretHeader,
        String sharedSecret,
        String sharedSecretArn,
        String basicAuth,
        String bearerToken,
        Duration replayWindow,
        int maxBodyBytes,
        String queueUrl,
        URI sqsEndpoint,
        String awsRegion) {

    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    /** How Contentstack signs the webhook ("Request Signing Method"). */
    public enum SignatureMethod { CERTIFICATE, HMAC, NONE }

    /** Variables of earlier versions that must not be silently ignored: each names its replacement. */
    static final Map<String, String> REMOVED = Map.of(
            "CS_SIGNING_SECRETS", "Contentstack never sends an HMAC of the body alone: use CS_SIGNATURE_METHOD="
                    + "certificate (the default, no secret) or CS_SIGNATURE_METHOD=hmac with CS_HMAC_SECRETS",
            "CS_SIGNATURE_HEADER", "the signature headers are fixed by Contentstack: remove it (see "
                    + "CS_SIGNATURE_METHOD)");

    public static IngestConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        REMOVED.forEach((name, replacement) -> reader.optional(name)
                .ifPresent(v -> reader.problem(name + " is no longer supported: " + replacement)));
        List<String> apiKeys = reader.list("CS_APIKEY");
        if (apiKeys.isEmpty()) {
            reader.problem("CS_APIKEY is required (comma-separated for several stacks)");
        }
        Region region = reader.parsed("CS_REGION", Region.NA, Region::parse);
        SignatureMethod method = reader.choice("CS_SIGNATURE_METHOD", SignatureMethod.CERTIFICATE,
                SignatureMethod.class);
        PublicKey publicKey = reader.parsed("CS_SIGNING_PUBLIC_KEY", null, PublicKeys::fromPem);
        URI keyUrl = reader.url("CS_SIGNING_KEY_URL");
        List<String> hmacSecrets = reader.list("CS_HMAC_SECRETS");
        String hmacArn = reader.optional("CS_HMAC_SECRETS_SECRET_ARN").orElse(null);
        if (method == SignatureMethod.HMAC && hmacSecrets.isEmpty() && hmacArn == null) {
            reader.problem("CS_SIGNATURE_METHOD=hmac needs CS_HMAC_SECRETS (or CS_HMAC_SECRETS_SECRET_ARN): the "
                    + "organisation's signing key(s)");
        }
        String basicAuth = reader.optional("CS_BASIC_AUTH").orElse(null);
        if (basicAuth != null && basicAuth.indexOf(':') < 1) {
            reader.problem("CS_BASIC_AUTH must be user:password");
        }
        String bearer = reader.optional("CS_BEARER_TOKEN").orElse(null);
        if (basicAuth != null && bearer != null) {
            reader.problem("CS_BASIC_AUTH and CS_BEARER_TOKEN both use the Authorization header: set one");
        }
        String sharedSecret = reader.optional("CS_SECRET").orElse(null);
        String sharedSecretArn = reader.optional("CS_SECRET_SECRET_ARN").orElse(null);
        boolean otherMethod = sharedSecret != null || sharedSecretArn != null || basicAuth != null || bearer != null;
        if (method == SignatureMethod.NONE && !otherMethod) {
            reader.problem("CS_SIGNATURE_METHOD=none needs another authentication method: CS_SECRET, CS_BASIC_AUTH "
                    + "or CS_BEARER_TOKEN");
        }
        IngestConfig config = new IngestConfig(
                Set.copyOf(apiKeys),
                region,
                method,
                publicKey,
                keyUrl != null ? keyUrl : region.signingKeyUrl(),
                hmacSecrets,
                hmacArn,
                reader.string("CS_SECRET_HEADER", "secret"),
                sharedSecret,
                sharedSecretArn,
                basicAuth,
                bearer,
                reader.duration("CS_REPLAY_WINDOW", Duration.ofMinutes(30)),
                reader.integer("MAX_BODY_BYTES", 262_144, 1_024, 10 * 1024 * 1024),
                reader.required("QUEUE_URL"),
                reader.url("SQS_ENDPOINT"),
                reader.string("AWS_REGION", "us-east-1"));
        reader.throwIfProblems("ingest configuration");
        return config;
    }

    /** This configuration with its {@code *_SECRET_ARN} values turned into the secrets they name. */
    public IngestConfig withResolvedSecrets(SecretResolver resolver) {
        String secret = sharedSecret == null && sharedSecretArn != null ? resolver.resolve(sharedSecretArn)
                : sharedSecret;
        // HMAC keys are read only when the method uses them; several, comma-separated, during a rotation.
        boolean readHmacKeys = signatureMethod == SignatureMethod.HMAC && hmacSecrets.isEmpty()
                && hmacSecretsArn != null;
        List<String> hmac = readHmacKeys
                ? Arrays.stream(resolver.resolve(hmacSecretsArn).split(",")).map(String::strip)
                        .filter(key -> !key.isEmpty()).toList()
                : hmacSecrets;
        return new IngestConfig(apiKeys, region, signatureMethod, signingPublicKey, signingKeyUrl, hmac,
                hmacSecretsArn, secretHeader, secret, sharedSecretArn, basicAuth, bearerToken, replayWindow,
                maxBodyBytes, queueUrl, sqsEndpoint, awsRegion);
    }

    @Override
    public String toString() {
        return "IngestConfig[apiKeys=" + apiKeys.size() + " stack(s), region=" + region.configName()
                + ", signature=" + signatureMethod.name().toLowerCase(Locale.ROOT)
                + (signatureMethod == SignatureMethod.CERTIFICATE
                        ? (signingPublicKey != null ? " (key given)" : " (key from " + signingKeyUrl + ")") : "")
                + ", headerSecret=" + (sharedSecret != null || sharedSecretArn != null ? secretHeader : "off")
                + ", basicAuth=" + (basicAuth != null ? "on" : "off")
                + ", bearer=" + (bearerToken != null ? "on" : "off")
                + ", replayWindow=" + replayWindow + ", maxBodyBytes=" + maxBodyBytes
                + ", queueUrl=" + queueUrl + ", sqsEndpoint=" + sqsEndpoint + ", awsRegion=" + awsRegion + "]";
    }
}
