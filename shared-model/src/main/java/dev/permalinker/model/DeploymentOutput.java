package dev.permalinker.model;

import java.util.Optional;

/**
 * The facts an operator's command needs about one deployment, by the name they carry in both places: the
 * CloudFormation stack's outputs on AWS (written by {@code infra-cdk}, read by {@code permalinker-ops --stack}) and
 * the facts file {@code serve} writes into its data directory ({@link #FACTS_FILE}: a JSON object of
 * {@code name -> value}), so the commands find a deployment by its name on either side and never need a pasted URL.
 *
 * <p>An output that a deployment does not have (release actions off, certificate signing) is simply absent.
 * See <a href="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/outputs-section-structure.html">
 * CloudFormation outputs</a>.
 */
public enum DeploymentOutput {
    /** The URL to give Contentstack's webhook (channel {@code assets.create}). */
    WebhookUrl,
    /** The jobs queue ({@code QUEUE_URL}). */
    QueueUrl,
    /** The jobs' dead-letter queue ({@code DLQ_URL}). */
    DeadLetterQueueUrl,
    /** The release actions' queue, when release actions are on. */
    ActionsQueueUrl,
    /** The release actions' dead-letter queue, when release actions are on. */
    ActionsDeadLetterQueueUrl,
    /** The asset ledger's DynamoDB table name ({@code LEDGER_TABLE}); locally, the data directory holds it. */
    LedgerTableName,
    /** The ingest function's log group name. */
    IngestLogGroup,
    /** The worker function's log group name. */
    WorkerLogGroup,
    /** The reconciler function's log group name. */
    ReconcilerLogGroup,
    /** The release actions consumer's log group name, when release actions are on. */
    ActionsLogGroup,
    /** The secret holding the management tokens as {@code {"apiKey":"token"}}. */
    ManagementTokensSecretArn,
    /** The secret holding the HMAC signing key(s), in HMAC mode. */
    HmacSigningKeysSecretArn,
    /** The secret holding the webhook's header secret, in header-secret mode. */
    WebhookSecretArn,
    /** The secret holding the value sent in {@code X-Permalinker-Secret} to the build hook, when one is generated. */
    ReleaseHookSecretArn,
    /**
     * The secret holding the release build hook's URL (its token is in it), when a hook is configured: the operator
     * puts the URL in after the deploy.
     */
    ReleaseHookUrlSecretArn,
    /** The CloudWatch dashboard's URL. */
    DashboardUrl,
    /** The base URL of the Contentstack Management API the deployment calls (locally: the simulator's). */
    CmaBaseUrl;

    /** The file in {@code serve}'s data directory that holds the same facts as a stack's outputs. */
    public static final String FACTS_FILE = "deployment.json";

    /** The output with this CloudFormation output key, if it is one of ours. */
    public static Optional<DeploymentOutput> fromKey(String key) {
        for (DeploymentOutput output : values()) {
            if (output.name().equals(key)) {
                return Optional.of(output);
            }
        }
        return Optional.empty();
    }
}
