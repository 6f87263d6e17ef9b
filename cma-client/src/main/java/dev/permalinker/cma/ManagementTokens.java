package dev.permalinker.cma;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.model.ConfigException;
import dev.permalinker.model.EnvReader;
import dev.permalinker.model.HeaderValues;
import dev.permalinker.model.Identifiers;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.SecretResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Management tokens by stack API key: a Contentstack management token belongs to one stack, so a deployment
 * serving several stacks holds one token each. {@code toString()} never shows a token.
 * https://www.contentstack.com/docs/developers/create-tokens/about-management-tokens
 *
 * <p>Every token, whatever form it came in (a variable, a Secrets Manager secret), passes {@link HeaderValues#secret}
 * when it is loaded: white space around it is dropped (a secret pasted with a trailing newline works), and a
 * character a header cannot carry (CR, LF, a zero-width space…) fails the start with a message naming the stack and
 * the variable or secret, never the token. It is sent in the {@code authorization} header of every call, and the
 * JDK's refusal of a bad header value quotes the value.
 */
public final class ManagementTokens {
    private final Map<String, String> byApiKey;
    /** The one token of a deployment that names no stacks ({@code CS_MANAGEMENTTOKEN} without {@code CS_APIKEY}). */
    private final String anyStack;

    private ManagementTokens(Map<String, String> byApiKey, String anyStack) {
        this.byApiKey = Map.copyOf(byApiKey);
        this.anyStack = anyStack;
    }

    /** @throws IllegalArgumentException naming the stack, never the token, when a token is unfit for a header */
    public static ManagementTokens of(Map<String, String> byApiKey) {
        Map<String, String> checked = new LinkedHashMap<>();
        byApiKey.forEach((apiKey, token) -> checked.put(apiKey,
                HeaderValues.secret(token, "the token for the stack " + apiKey)));
        return new ManagementTokens(checked, null);
    }

    /** One stack, one token. */
    public static ManagementTokens single(String apiKey, String token) {
        return of(Map.of(apiKey, token));
    }

    /** One token used for whatever stack a job names: the stack's own API key check is then the CMA's. */
    public static ManagementTokens forAnyStack(String token) {
        return new ManagementTokens(Map.of(), HeaderValues.secret(token, "the token"));
    }

    /**
     * {@code CS_MANAGEMENTTOKEN} for the stacks of {@code CS_APIKEY}: bound to the one stack named, or to any stack
     * when none is named. Several stacks cannot share it: a management token belongs to one stack.
     */
    public static ManagementTokens forStacks(List<String> apiKeys, String token) {
        if (apiKeys.size() > 1) {
            throw new IllegalArgumentException("CS_APIKEY names " + apiKeys.size() + " stacks but CS_MANAGEMENTTOKEN "
                    + "holds one token, and a management token belongs to one stack: set "
                    + "CS_MANAGEMENTTOKENS=apiKey=token,…");
        }
        return apiKeys.size() == 1 ? single(apiKeys.get(0), token) : forAnyStack(token);
    }

    /** {@code apiKey=token,apiKey=token} ({@code CS_MANAGEMENTTOKENS}); a message names the entry, never a token. */
    public static ManagementTokens parsePairs(String value) {
        Map<String, String> tokens = new LinkedHashMap<>();
        String[] entries = value.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            int eq = entry.indexOf('=');
            if (eq < 1 || eq == entry.length() - 1 || !Identifiers.isSafe(entry.substring(0, eq).trim())) {
                throw new IllegalArgumentException("entry " + (i + 1) + " must be apiKey=token");
            }
            tokens.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return of(tokens);
    }

    /** The secret form: a JSON object {@code {"apiKey":"token"}}. */
    public static ManagementTokens parseObject(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("must hold a JSON object {\"apiKey\":\"token\"}");
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        var fields = node.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getValue().isTextual() || !Identifiers.isSafe(field.getKey())) {
                throw new IllegalArgumentException("the entry for " + field.getKey()
                        + " must be \"apiKey\": \"token\"");
            }
            tokens.put(field.getKey(), field.getValue().textValue());
        }
        return of(tokens);
    }

    /**
     * {@code CS_MANAGEMENTTOKENS} ({@code apiKey=token,…}), else {@code CS_MANAGEMENTTOKEN} for the stacks of
     * {@code apiKeys}; {@code null} when neither is set. A bad value is a problem on {@code reader}, never echoed.
     */
    public static ManagementTokens fromEnv(EnvReader reader, List<String> apiKeys) {
        if (reader.optional("CS_MANAGEMENTTOKENS").isPresent()) {
            return reader.parsed("CS_MANAGEMENTTOKENS", null, ManagementTokens::parsePairs);
        }
        return reader.optional("CS_MANAGEMENTTOKEN").isEmpty() ? null
                : reader.parsed("CS_MANAGEMENTTOKEN", null, token -> forStacks(apiKeys, token));
    }

    /**
     * {@link #fromEnv} for a deployment that needs a token for every stack of {@code apiKeys}: each stack without
     * one is a problem, and so is no token at all unless {@code CS_MANAGEMENTTOKEN_SECRET_ARN} or
     * {@code CS_MANAGEMENTTOKENS_SECRET_ARN} names a secret ({@code null} then: see {@link #fromSecret}).
     *
     * @param noneGiven the problem recorded when neither the tokens nor their secret is given
     */
    public static ManagementTokens requiredFromEnv(EnvReader reader, List<String> apiKeys, String noneGiven) {
        ManagementTokens tokens = fromEnv(reader, apiKeys);
        if (tokens != null) {
            tokens.missingStackProblems(apiKeys).forEach(reader::problem);
        } else if (reader.optional("CS_MANAGEMENTTOKENS").isEmpty() && reader.optional("CS_MANAGEMENTTOKEN").isEmpty()
                && reader.optional("CS_MANAGEMENTTOKEN_SECRET_ARN").isEmpty()
                && reader.optional("CS_MANAGEMENTTOKENS_SECRET_ARN").isEmpty()) {
            reader.problem(noneGiven);
        }
        return tokens;
    }

    /**
     * The tokens read from their secret, at initialisation: {@code tokensSecretArn} holds a JSON object
     * {@code {"apiKey":"token"}} (several stacks), else {@code tokenSecretArn} holds the one token for
     * {@code apiKeys}. Every stack of {@code apiKeys} must have a token; a {@link ConfigException} named
     * {@code configName} says which variable or stack is wrong, never a token.
     */
    public static ManagementTokens fromSecret(List<String> apiKeys, String tokenSecretArn, String tokensSecretArn,
                                              SecretResolver resolver, JsonCodec json, String configName) {
        ManagementTokens resolved;
        try {
            resolved = tokensSecretArn != null
                    ? parseObject(json.readTree(resolver.resolve(tokensSecretArn).getBytes(StandardCharsets.UTF_8)))
                    : forStacks(apiKeys, resolver.resolve(tokenSecretArn));
        } catch (IOException | IllegalArgumentException e) {
            String secret = tokensSecretArn != null ? "CS_MANAGEMENTTOKENS_SECRET_ARN (" + tokensSecretArn + ")"
                    : "CS_MANAGEMENTTOKEN_SECRET_ARN (" + tokenSecretArn + ")";
            throw new ConfigException(configName, List.of(secret + ": " + (e instanceof IOException
                    ? "must hold a JSON object {\"apiKey\":\"token\"}" : e.getMessage())));
        }
        List<String> missing = resolved.missingStackProblems(apiKeys);
        if (!missing.isEmpty()) {
            throw new ConfigException(configName, missing);
        }
        return resolved;
    }

    /** One configuration problem for each stack of {@code apiKeys} without a token here, naming the stack. */
    public List<String> missingStackProblems(List<String> apiKeys) {
        return missing(apiKeys).stream()
                .map(apiKey -> "no management token for the stack " + apiKey + " (CS_APIKEY)").toList();
    }

    /** The stacks of {@code apiKeys} that have no token here. */
    public List<String> missing(List<String> apiKeys) {
        return apiKeys.stream().filter(apiKey -> !has(apiKey)).toList();
    }

    public boolean has(String apiKey) {
        return anyStack != null || byApiKey.containsKey(apiKey);
    }

    /** The stack's token; throws {@link MissingTokenException} naming the stack (never a token) when there is none. */
    public String tokenFor(String apiKey) {
        String token = byApiKey.getOrDefault(apiKey, anyStack);
        if (token == null) {
            throw new MissingTokenException(apiKey);
        }
        return token;
    }

    /** No management token is configured for a stack. */
    public static final class MissingTokenException extends IllegalStateException {
        public MissingTokenException(String apiKey) {
            super("no management token is configured for the stack " + apiKey);
        }
    }

    @Override
    public String toString() {
        return "ManagementTokens[" + (anyStack != null ? "one token for any stack" : byApiKey.size() + " stack(s)")
                + "]";
    }
}
