package dev.permalinker.ingest;

import dev.permalinker.model.EnvReader;
import dev.permalinker.model.SecretResolver;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ingest's configuration, parsed once from the environment; every bad variable is reported together.
 *
 * <p>{@code toString()} names which authentication methods are on, never their secrets.
 */
public record IngestConfig(
        Set<String> apiKeys,
        String secretHeader,
        String sharedSecret,
        String sharedSecretArn,
        List<String> signingSecrets,
        String signatureHeader,
        String basicAuth,
        Duration replayWindow,
        int maxBodyBytes,
        String queueUrl,
        URI sqsEndpoint,
        String awsRegion) {

    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    public static IngestConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        List<String> apiKeys = reader.list("CS_APIKEY");
        if (apiKeys.isEmpty()) {
            reader.problem("CS_APIKEY is required (comma-separated for several stacks)");
        }
        String basicAuth = reader.optional("CS_BASIC_AUTH").orElse(null);
        if (basicAuth != null && basicAuth.indexOf(':') < 1) {
            reader.problem("CS_BASIC_AUTH must be user:password");
        }
        String sharedSecret = reader.optional("CS_SECRET").orElse(null);
        String sharedSecretArn = reader.optional("CS_SECRET_SECRET_ARN").orElse(null);
        List<String> signingSecrets = reader.list("CS_SIGNING_SECRETS");
        if (sharedSecret == null && sharedSecretArn == null && signingSecrets.isEmpty() && basicAuth == null) {
            reader.problem("no webhook authentication configured: set CS_SECRET (or CS_SECRET_SECRET_ARN), "
                    + "CS_SIGNING_SECRETS or CS_BASIC_AUTH");
        }
        IngestConfig config = new IngestConfig(
                Set.copyOf(apiKeys),
                reader.string("CS_SECRET_HEADER", "secret"),
                sharedSecret,
                sharedSecretArn,
                signingSecrets,
                reader.string("CS_SIGNATURE_HEADER", "X-Contentstack-Signature"),
                basicAuth,
                reader.duration("CS_REPLAY_WINDOW", Duration.ofMinutes(30)),
                reader.integer("MAX_BODY_BYTES", 262_144, 1_024, 10 * 1024 * 1024),
                reader.required("QUEUE_URL"),
                reader.url("SQS_ENDPOINT"),
                reader.string("AWS_REGION", "us-east-1"));
        reader.throwIfProblems("ingest configuration");
        return config;
    }

    /** This configuration with {@code CS_SECRET_SECRET_ARN} turned into the secret it names. */
    public IngestConfig withResolvedSecrets(SecretResolver resolver) {
        if (sharedSecretArn == null || sharedSecret != null) {
            return this;
        }
        return new IngestConfig(apiKeys, secretHeader, resolver.resolve(sharedSecretArn), sharedSecretArn,
                signingSecrets, signatureHeader, basicAuth, replayWindow, maxBodyBytes, queueUrl, sqsEndpoint,
                awsRegion);
    }

    @Override
    public String toString() {
        return "IngestConfig[apiKeys=" + apiKeys.size() + " stack(s)"
                + ", sharedSecret=" + (sharedSecret != null || sharedSecretArn != null ? "header " + secretHeader : "off")
                + ", signing=" + (signingSecrets.isEmpty() ? "off" : signingSecrets.size() + " key(s) in " + signatureHeader)
                + ", basicAuth=" + (basicAuth != null ? "on" : "off")
                + ", replayWindow=" + replayWindow + ", maxBodyBytes=" + maxBodyBytes
                + ", queueUrl=" + queueUrl + ", sqsEndpoint=" + sqsEndpoint + ", awsRegion=" + awsRegion + "]";
    }
}
