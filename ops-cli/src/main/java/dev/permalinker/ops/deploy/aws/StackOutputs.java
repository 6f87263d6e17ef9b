package dev.permalinker.ops.deploy.aws;

import dev.permalinker.ops.deploy.DeploymentFacts;
import dev.permalinker.ops.deploy.DeploymentFactsException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;

/**
 * A deployment's facts from its CloudFormation stack: one {@code DescribeStacks} call, the {@code Outputs} read by
 * {@link dev.permalinker.model.DeploymentOutput} key. CloudFormation answers a stack that does not exist with a 400
 * {@code ValidationError} "Stack with id X does not exist"; that and an unreachable endpoint become one line naming
 * the stack and the region, never an SDK dump.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html
 */
public final class StackOutputs {
    private final CloudFormationClient cloudFormation;
    private final String region;

    public StackOutputs(CloudFormationClient cloudFormation, String region) {
        this.cloudFormation = cloudFormation;
        this.region = region;
    }

    /** The stack's outputs as facts; a stack that does not exist, or cannot be read, throws naming it. */
    public DeploymentFacts read(String stackName) {
        Stack stack = describe(stackName);
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output output : stack.outputs()) {
            if (output.outputKey() != null && output.outputValue() != null) {
                outputs.put(output.outputKey(), output.outputValue());
            }
        }
        return DeploymentFacts.fromOutputs("stack " + stackName + " (" + region + ")", outputs);
    }

    /** The stack's resources of one CloudFormation type (e.g. {@code AWS::Events::Rule}), by physical id. */
    public List<String> physicalIds(String stackName, String resourceType) {
        try {
            return cloudFormation.describeStackResources(DescribeStackResourcesRequest.builder().stackName(stackName)
                            .build()).stackResources().stream()
                    .filter(r -> resourceType.equals(r.resourceType()))
                    .map(StackResource::physicalResourceId).toList();
        } catch (CloudFormationException e) {
            throw refused(stackName, e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
    }

    private Stack describe(String stackName) {
        try {
            List<Stack> stacks = cloudFormation.describeStacks(DescribeStacksRequest.builder().stackName(stackName)
                    .build()).stacks();
            if (stacks.isEmpty()) {
                throw missing(stackName);
            }
            return stacks.get(0);
        } catch (CloudFormationException e) {
            throw refused(stackName, e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
    }

    private DeploymentFactsException refused(String stackName, CloudFormationException e) {
        String message = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : "";
        if (message.contains("does not exist")) {
            return missing(stackName);
        }
        String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
        return new DeploymentFactsException("CloudFormation refused to describe the stack " + stackName + " in "
                + region + ": " + (code != null ? code + " " : "") + message, e);
    }

    private DeploymentFactsException missing(String stackName) {
        return new DeploymentFactsException("no CloudFormation stack named " + stackName + " in " + region
                + ": pass --stack with the deployed stack's name (or set PERMALINKER_STACK), and --region or "
                + "AWS_REGION with its region");
    }

    private DeploymentFactsException unreachable(SdkClientException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                .orElse("");
        return new DeploymentFactsException("cannot read the stack's outputs from CloudFormation in " + region + ": "
                + reason, e);
    }
}
