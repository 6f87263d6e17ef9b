package dev.permalinker.local;

import dev.permalinker.model.DeploymentOutput;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code serve} tells {@code permalinker-ops} about itself: {@code DATA_DIR/deployment.json}
 * ({@link DeploymentOutput#FACTS_FILE}), a JSON object keyed by the same names as the CloudFormation stack's outputs
 * ({@link DeploymentOutput}), so the operator's commands find the queues and the webhook URL with {@code --data-dir}
 * as they find them with {@code --stack} on AWS. Facts a local deployment does not have (log groups, secrets, the
 * ledger's DynamoDB table: locally the ledger is in {@code DATA_DIR}) are absent. Rewritten on every start,
 * owner-only; it holds URLs, never a secret.
 */
final class DeploymentFacts {
    private DeploymentFacts() {
    }

    /** The facts of a running pipeline; {@code cmaBaseUrl} may be {@code null} (left out). */
    static Map<DeploymentOutput, String> of(LocalPipeline pipeline, String webhookUrl, String cmaBaseUrl) {
        Map<DeploymentOutput, String> facts = new EnumMap<>(DeploymentOutput.class);
        facts.put(DeploymentOutput.WebhookUrl, webhookUrl);
        facts.put(DeploymentOutput.QueueUrl, pipeline.sqs().queueUrl());
        facts.put(DeploymentOutput.DeadLetterQueueUrl, pipeline.sqs().dlqUrl());
        if (pipeline.releaseActions() != null) {
            facts.put(DeploymentOutput.ActionsQueueUrl, pipeline.releaseActions().queueUrl());
            facts.put(DeploymentOutput.ActionsDeadLetterQueueUrl, pipeline.releaseActions().dlqUrl());
        }
        if (cmaBaseUrl != null) {
            facts.put(DeploymentOutput.CmaBaseUrl, cmaBaseUrl);
        }
        return facts;
    }

    /** Writes {@code dataDir/deployment.json} (owner-only) and returns its path. */
    static Path write(Path dataDir, Map<DeploymentOutput, String> facts) throws IOException {
        Map<String, String> byName = new LinkedHashMap<>();
        facts.forEach((output, value) -> byName.put(output.name(), value));
        Path file = dataDir.resolve(DeploymentOutput.FACTS_FILE);
        OwnerOnlyFile.write(file, JsonCodec.create().mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(byName) + "\n");
        return file;
    }
}
