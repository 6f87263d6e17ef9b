package dev.permalinker.ops;

import dev.permalinker.cma.AssetPages;
import dev.permalinker.cma.CmaAnswer;
import dev.permalinker.cma.CmaAsset;
import dev.permalinker.cma.CmaResponse;
import dev.permalinker.cma.ContentstackClient;
import dev.permalinker.model.DeploymentOutput;
import dev.permalinker.model.Identifiers;
import dev.permalinker.signing.SigningKeyPem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code send-test-webhook}: a signed asset-creation webhook for a real asset of the stack to a webhook URL, and its
 * answer. A real asset, so the test proves the whole path and leaves nothing behind: by default the newest file
 * asset that already has its permanent URL (the worker finds it set: {@code already_set}, no write), else the newest
 * file asset (the worker writes its URL, as its own webhook or the reconciler would). A made-up asset, as before, was
 * dead-lettered by the worker on every test, and on AWS the DLQ alarm paged.
 */
@Command(name = "send-test-webhook", description = "Sign an asset-creation webhook like Contentstack "
        + "(certificate signature with --private-key, or HMAC with --hmac-secret) and with the configured header "
        + "secret, Basic or Bearer credentials (CS_SECRET, CS_BASIC_AUTH, CS_BEARER_TOKEN); send it; show the answer."
        + " The webhook is for a real asset of the first stack of CS_APIKEY (one CMA read with its management "
        + "token), so the worker completes the job and nothing is dead-lettered: the newest file asset that already "
        + "has its permanent URL (nothing is written), else the newest file asset (its URL is written, as the "
        + "pipeline would anyway), or --asset. Contentstack's own certificate key is Contentstack's: against a "
        + "deployment that verifies it, use the webhook's test delivery in Contentstack instead.")
final class SendTestWebhookCommand implements Callable<Integer> {
    private static final Duration CMA_TIMEOUT = Duration.ofSeconds(10);
    /** One page of the newest assets: a stack whose newest 100 are all folders is not worth a second read. */
    private static final int NEWEST = 100;

    @ParentCommand
    OpsCli cli;
    @Option(names = "--url", description = "the webhook URL (default: the deployment's WebhookUrl, from --stack or "
            + "--data-dir)")
    URI url;
    @Option(names = "--asset", paramLabel = "<assetUid>", description = "the webhook of this asset (of the main "
            + "branch); default: chosen as above")
    String asset;
    @Option(names = "--file", description = "send this body instead (yours to make right: a webhook for an asset "
            + "that does not exist ends in the DLQ as asset_deleted)")
    Path file;
    @Option(names = "--private-key", description = "PKCS#8 PEM private key to sign with the certificate method "
            + "(e.g. the file permalinker-local serve --simulate prints)")
    Path privateKey;
    @Option(names = "--hmac-secret", description = "sign with the HMAC method and this organisation key")
    String hmacSecret;

    @Override
    public Integer call() throws IOException, InterruptedException {
        OpsConfig config = cli.config();
        URI target = url != null ? url : URI.create(cli.setting(null, null, DeploymentOutput.WebhookUrl,
                "the webhook URL is unknown (no --url)"));
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
        byte[] body;
        if (file != null) {
            body = Files.readAllBytes(file);
        } else {
            if (config.apiKeys().isEmpty()) {
                throw new OpsCli.MissingSetting("set CS_APIKEY (the webhook names the stack) or pass --file");
            }
            String apiKey = config.apiKeys().get(0);
            CmaAsset chosen = chooseAsset(config, apiKey);
            cli.out.println("asset " + chosen.uid() + " (" + chosen.filename() + "): " + (chosen.permanentUrl()
                    .isPresent() ? "has its permanent URL; the worker's one PUT sets the same URL, so it changes "
                    + "nothing"
                    : "has no permanent URL yet; the worker writes it, as the pipeline would for its own webhook"));
            body = webhook.bodyFor(apiKey, chosen);
        }
        HttpResponse<String> response = webhook.send(target, body);
        cli.out.println("HTTP " + response.statusCode());
        cli.out.println(response.body());
        return response.statusCode() / 100 == 2 ? 0 : OpsCli.FAILED;
    }

    /** {@code --asset}, else the newest file asset with its permanent URL, else the newest file asset. */
    private CmaAsset chooseAsset(OpsConfig config, String apiKey) throws IOException {
        if (config.tokens() == null || !config.tokens().has(apiKey)) {
            throw new OpsCli.MissingSetting("send-test-webhook sends the webhook of a real asset of stack " + apiKey
                    + ", so the worker completes the job instead of dead-lettering a made-up one: set "
                    + "CS_MANAGEMENTTOKEN (reading assets is enough), or pass --file");
        }
        if (asset != null) {
            if (!Identifiers.isSafe(asset)) {
                throw new OpsCli.MissingSetting("--asset must be an asset uid (" + Identifiers.SAFE_ID + "), was "
                        + asset);
            }
            CmaResponse answer = ContentstackClient.create(cli.cmaBaseUrl(), config.tokens(), cli.json)
                    .getAsset(apiKey, Identifiers.DEFAULT_BRANCH, asset, CMA_TIMEOUT);
            if (answer.answer().kind() == CmaAnswer.Kind.MISSING) {
                throw new OpsCli.MissingSetting("--asset " + asset + ": no such asset in stack " + apiKey
                        + " (branch main); its webhook would be dead-lettered as asset_deleted");
            }
            CmaAsset found = answer.asset().orElseThrow(() -> refused(answer));
            if (found.folder()) {
                throw new OpsCli.MissingSetting("--asset " + asset + " is a folder: folders get no webhook job");
            }
            return found;
        }
        CmaResponse page = new AssetPages(cli.cmaBaseUrl(), config.tokens(), cli.json)
                .newestFirst(apiKey, Identifiers.DEFAULT_BRANCH, 0, NEWEST, false, CMA_TIMEOUT);
        List<CmaAsset> files = page.assets().orElseThrow(() -> refused(page)).stream()
                .filter(a -> !a.folder() && Identifiers.isSafe(a.uid()) && !a.url().isEmpty()).toList();
        return files.stream().filter(a -> a.permanentUrl().isPresent()).findFirst()
                .or(() -> files.stream().findFirst())
                .orElseThrow(() -> new OpsCli.MissingSetting("stack " + apiKey + " has no file asset among its "
                        + "newest " + NEWEST + " to test with: upload one, or pass --asset or --file"));
    }

    private static OpsCli.MissingSetting refused(CmaResponse answer) {
        return new OpsCli.MissingSetting("the CMA did not list the stack's assets (HTTP " + answer.status() + "): "
                + "check CS_APIKEY, CS_MANAGEMENTTOKEN and CS_REGION or CS_CMA_URL");
    }
}
