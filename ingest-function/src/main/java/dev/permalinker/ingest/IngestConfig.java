package dev.permalinker.ingest;

import dev.permalinker.aws.AwsSettings;
import dev.permalinker.ingest.verify.PublicKeys;
import dev.permalinker.model.ConfigException;
import dev.permalinker.model.EnvReader;
import dev.permalinker.model.HeaderValues;
import dev.permalinker.model.Region;
import dev.permalinker.model.SecretResolver;
import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

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
        AwsSettings aws) {

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
        List<String> hmacSecrets = hmacKeys(reader.list("CS_HMAC_SECRETS"), "CS_HMAC_SECRETS", reader::problem);
        String hmacArn = reader.optional("CS_HMAC_SECRETS_SECRET_ARN").orElse(null);
        if (method == SignatureMethod.HMAC && reader.optional("CS_HMAC_SECRETS").isEmpty() && hmacArn == null) {
            reader.problem("CS_SIGNATURE_METHOD=hmac needs CS_HMAC_SECRETS (or CS_HMAC_SECRETS_SECRET_ARN): the "
                    + "organisation's signing key(s)");
        }
        // Header-bound secrets: trimmed, and refused (named, never shown) when a header cannot carry them.
        String basicAuth = reader.headerSecret("CS_BASIC_AUTH").orElse(null);
        if (basicAuth != null && basicAuth.indexOf(':') < 1) {
            reader.problem("CS_BASIC_AUTH must be user:password");
        }
        String bearer = reader.headerSecret("CS_BEARER_TOKEN").orElse(null);
        if (reader.optional("CS_BASIC_AUTH").isPresent() && reader.optional("CS_BEARER_TOKEN").isPresent()) {
            reader.problem("CS_BASIC_AUTH and CS_BEARER_TOKEN both use the Authorization header: set one");
        }
        String sharedSecret = reader.headerSecret("CS_SECRET").orElse(null);
        String sharedSecretArn = reader.optional("CS_SECRET_SECRET_ARN").orElse(null);
        String secretHeader = reader.string("CS_SECRET_HEADER", "secret");
        try {
            HeaderValues.name(secretHeader, "CS_SECRET_HEADER");
        } catch (IllegalArgumentException e) {
            reader.problem(e.getMessage());
        }
        boolean otherMethod = sharedSecretArn != null || Stream.of("CS_SECRET", "CS_BASIC_AUTH", "CS_BEARER_TOKEN")
                .anyMatch(variable -> reader.optional(variable).isPresent());
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
                secretHeader,
                sharedSecret,
                sharedSecretArn,
                basicAuth,
                bearer,
                reader.duration("CS_REPLAY_WINDOW", Duration.ofMinutes(30)),
                reader.integer("MAX_BODY_BYTES", 262_144, 1_024, 10 * 1024 * 1024),
                reader.required("QUEUE_URL"),
                AwsSettings.fromEnv(reader));
        reader.throwIfProblems("ingest configuration");
        return config;
    }

    /**
     * This configuration with its {@code *_SECRET_ARN} values turned into the secrets they name, each checked as the
     * variables are ({@link HeaderValues#secret}): a {@link ConfigException} names the variable and the ARN, never
     * the value.
     */
    public IngestConfig withResolvedSecrets(SecretResolver resolver) {
        List<String> problems = new ArrayList<>();
        String secret = sharedSecret;
        if (sharedSecret == null && sharedSecretArn != null) {
            try {
                secret = HeaderValues.secret(resolver.resolve(sharedSecretArn),
                        "CS_SECRET_SECRET_ARN (" + sharedSecretArn + ")");
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        // HMAC keys are read only when the method uses them; several, comma-separated, during a rotation.
        boolean readHmacKeys = signatureMethod == SignatureMethod.HMAC && hmacSecrets.isEmpty()
                && hmacSecretsArn != null;
        List<String> hmac = readHmacKeys
                ? hmacKeys(Arrays.stream(resolver.resolve(hmacSecretsArn).split(",")).map(String::strip)
                        .filter(key -> !key.isEmpty()).toList(), "CS_HMAC_SECRETS_SECRET_ARN (" + hmacSecretsArn + ")",
                        problems::add)
                : hmacSecrets;
        if (!problems.isEmpty()) {
            throw new ConfigException("ingest configuration", problems);
        }
        return new IngestConfig(apiKeys, region, signatureMethod, signingPublicKey, signingKeyUrl, hmac,
                hmacSecretsArn, secretHeader, secret, sharedSecretArn, basicAuth, bearerToken, replayWindow,
                maxBodyBytes, queueUrl, aws);
    }

    /** Each key checked ({@link HeaderValues#secret}); a bad one is a problem naming its position in the list. */
    private static List<String> hmacKeys(List<String> keys, String source, Consumer<String> problems) {
        List<String> checked = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            try {
                checked.add(HeaderValues.secret(keys.get(i), source + ", key " + (i + 1) + " of " + keys.size()));
            } catch (IllegalArgumentException e) {
                problems.accept(e.getMessage());
            }
        }
        return List.copyOf(checked);
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
                + ", queueUrl=" + queueUrl + ", " + aws + "]";
    }
}
