package dev.permalinker.ops;

import dev.permalinker.signing.SigningKeyPem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code send-test-webhook}: a signed sample asset creation to a webhook URL, and its answer. */
@Command(name = "send-test-webhook", description = "Sign a sample asset-creation webhook like Contentstack "
        + "(certificate signature with --private-key, or HMAC with --hmac-secret) and with the configured header "
        + "secret, Basic or Bearer credentials (CS_SECRET, CS_BASIC_AUTH, CS_BEARER_TOKEN); send it; show the answer."
        + " Contentstack's own certificate key is Contentstack's: against a deployment that verifies it, use the "
        + "webhook's test delivery in Contentstack instead.")
final class SendTestWebhookCommand implements Callable<Integer> {
    @ParentCommand
    OpsCli cli;
    @Option(names = "--url", required = true, description = "the webhook URL (the stack's WebhookUrl output)")
    URI url;
    @Option(names = "--file", description = "send this body instead of the sample")
    Path file;
    @Option(names = "--private-key", description = "PKCS#8 PEM private key to sign with the certificate method "
            + "(e.g. the file permalinker-local serve --simulate prints)")
    Path privateKey;
    @Option(names = "--hmac-secret", description = "sign with the HMAC method and this organisation key")
    String hmacSecret;

    @Override
    public Integer call() throws IOException, InterruptedException {
        OpsConfig config = cli.config();
        PrivateKey key;
        try {
            key = privateKey == null ? null : SigningKeyPem.privateKey(Files.readString(privateKey));
        } catch (IllegalArgumentException e) {
            throw new OpsCli.MissingSetting("--private-key " + privateKey + ": " + e.getMessage());
        }
        TestWebhook webhook = new TestWebhook(config, cli.json, key, hmacSecret, Clock.systemUTC());
        if (!webhook.authenticates()) {
            throw new OpsCli.MissingSetting("nothing to authenticate the webhook with: pass --private-key or "
                    + "--hmac-secret, or set CS_SECRET, CS_BASIC_AUTH or CS_BEARER_TOKEN as on the ingest");
        }
        if (file == null && config.apiKeys().isEmpty()) {
            throw new OpsCli.MissingSetting("set CS_APIKEY (the sample names the stack) or pass --file");
        }
        byte[] body = file != null ? Files.readAllBytes(file) : webhook.sampleBody(config.apiKeys().get(0));
        HttpResponse<String> response = webhook.send(url, body);
        cli.out.println("HTTP " + response.statusCode());
        cli.out.println(response.body());
        return response.statusCode() / 100 == 2 ? 0 : OpsCli.FAILED;
    }
}
