package dev.permalinker.model;

/** Turns a secret's ARN into its value, once, at initialisation. */
@FunctionalInterface
public interface SecretResolver {
    String resolve(String secretArn);

    /** For configurations that hold no ARN, such as local runs and tests. */
    static SecretResolver none() {
        return arn -> {
            throw new IllegalStateException("no secret resolver configured for " + arn);
        };
    }
}
