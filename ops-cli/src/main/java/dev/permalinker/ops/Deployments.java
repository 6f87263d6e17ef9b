package dev.permalinker.ops;

import dev.permalinker.model.DeploymentOutput;
import dev.permalinker.ops.deploy.DeploymentFacts;
import dev.permalinker.ops.deploy.DeploymentFactsException;
import dev.permalinker.ops.deploy.aws.StackOutputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * Finds a command line's deployment, so the operator never pastes a URL: on AWS the CloudFormation stack named by
 * {@code --stack} (else {@code PERMALINKER_STACK}, else {@value #DEFAULT_STACK}), its outputs read once; locally (with
 * {@code --data-dir} or {@code --endpoint-url}) the {@code deployment.json} that {@code serve} writes into its data
 * directory ({@code --data-dir}, else {@code DATA_DIR}, else {@value #DEFAULT_DATA_DIR}, local-runner's default).
 * Explicit options and variables always win over these facts; the commands ask only for what they miss.
 */
final class Deployments {
    /** The stack name infra-cdk deploys by default. */
    static final String DEFAULT_STACK = "Permalinker";
    /** local-runner's default {@code DATA_DIR} ({@code LocalConfig}). */
    static final String DEFAULT_DATA_DIR = "./.permalinker-data";

    private final OpsCli cli;
    private DeploymentFacts facts;
    private StackOutputs stackOutputs;

    Deployments(OpsCli cli) {
        this.cli = cli;
    }

    /** Whether this deployment is serve's, on this machine. */
    boolean local() {
        return cli.dataDir != null || cli.endpointUrl != null;
    }

    /** The CloudFormation stack's name. */
    String stackName() {
        if (cli.stack != null) {
            return cli.stack;
        }
        String configured = cli.env().get("PERMALINKER_STACK");
        return configured != null && !configured.isBlank() ? configured.trim() : DEFAULT_STACK;
    }

    /** serve's data directory. */
    Path dataDir() {
        if (cli.dataDir != null) {
            return cli.dataDir;
        }
        String configured = cli.env().get("DATA_DIR");
        return Path.of(configured != null && !configured.isBlank() ? configured : DEFAULT_DATA_DIR);
    }

    /** The facts, read on first use; a deployment that cannot be found throws naming it. */
    DeploymentFacts facts() {
        if (facts == null) {
            facts = local() ? DeploymentFacts.fromDataDirectory(dataDir(), cli.json) : stackOutputs().read(
                    stackName());
        }
        return facts;
    }

    /**
     * One fact, empty when the deployment lacks it; when the deployment cannot be read at all, empty too unless one
     * was asked for by name ({@code --stack}, {@code PERMALINKER_STACK}, {@code --data-dir}): then the error stands.
     */
    Optional<String> optionalFact(DeploymentOutput output) {
        try {
            return facts().get(output);
        } catch (DeploymentFactsException e) {
            if (cli.stack != null || cli.dataDir != null || cli.env().containsKey("PERMALINKER_STACK")) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** The log groups of the deployment's functions, those it has, in pipeline order. */
    List<String> logGroups() {
        List<String> groups = new ArrayList<>();
        for (DeploymentOutput output : List.of(DeploymentOutput.IngestLogGroup, DeploymentOutput.WorkerLogGroup,
                DeploymentOutput.ReconcilerLogGroup, DeploymentOutput.ActionsLogGroup)) {
            optionalFact(output).ifPresent(groups::add);
        }
        return groups;
    }

    /** The CloudFormation reader of this command line's region (AWS only). */
    StackOutputs stackOutputs() {
        if (stackOutputs == null) {
            String region = cli.awsRegion();
            if (region == null) {
                throw new DeploymentFactsException("the AWS region is unknown, so the stack " + stackName()
                        + " cannot be read: set AWS_REGION or pass --region (or --data-dir for a local deployment)");
            }
            stackOutputs = new StackOutputs(CloudFormationClient.builder()
                    .httpClient(UrlConnectionHttpClient.create())
                    .region(Region.of(region))
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .build(), region);
        }
        return stackOutputs;
    }
}
