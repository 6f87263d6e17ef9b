package dev.permalinker.ops.deploy.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.model.DeploymentOutput;
import dev.permalinker.ops.deploy.DeploymentFacts;
import dev.permalinker.ops.deploy.DeploymentFactsException;
import dev.permalinker.testsupport.MotoServer;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** A deployment's facts from a real DescribeStacks answer: moto_server's CloudFormation, through the SDK. */
class StackOutputsIT {
    private static final String TEMPLATE = """
            {"Resources": {"Jobs": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "%s"}}},
             "Outputs": {
               "QueueUrl": {"Value": {"Ref": "Jobs"}},
               "WebhookUrl": {"Value": "https://abc.execute-api.eu-west-1.amazonaws.com/webhooks/contentstack"},
               "SomethingElse": {"Value": "not ours"}}}
            """;
    private static final String BARE = """
            {"Resources": {"Jobs": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "%s"}}}}
            """;

    private final CloudFormationClient cloudFormation = CloudFormationClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .endpointOverride(MotoServer.shared().endpoint())
            .region(Region.EU_WEST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("moto", "moto")))
            .build();
    private final StackOutputs outputs = new StackOutputs(cloudFormation, "eu-west-1");

    @AfterEach
    void close() {
        cloudFormation.close();
    }

    private String stack(String template) {
        String name = "Permalinker" + UUID.randomUUID().toString().substring(0, 8);
        cloudFormation.createStack(r -> r.stackName(name).templateBody(template.formatted(name + "-jobs")));
        return name;
    }

    @Test
    void read_stackWithOutputs_factsByOutputKey() {
        String name = stack(TEMPLATE);

        DeploymentFacts facts = outputs.read(name);

        assertThat(facts.get(DeploymentOutput.QueueUrl)).hasValueSatisfying(url -> assertThat(url)
                .endsWith("/" + name + "-jobs"));
        assertThat(facts.get(DeploymentOutput.WebhookUrl))
                .contains("https://abc.execute-api.eu-west-1.amazonaws.com/webhooks/contentstack");
        assertThat(facts.source()).isEqualTo("stack " + name + " (eu-west-1)");
        assertThat(outputs.physicalIds(name, "AWS::SQS::Queue")).hasSize(1);
        assertThat(outputs.physicalIds(name, "AWS::Events::Rule")).isEmpty();
    }

    @Test
    void read_stackWithoutTheOutputs_requireNamesTheMissingOutputAndTheStack() {
        String name = stack(BARE);

        DeploymentFacts facts = outputs.read(name);

        assertThat(facts.values()).isEmpty();
        assertThatThrownBy(() -> facts.require(DeploymentOutput.DeadLetterQueueUrl, "set DLQ_URL"))
                .isInstanceOf(DeploymentFactsException.class)
                .hasMessage("stack " + name + " (eu-west-1) has no output DeadLetterQueueUrl: set DLQ_URL");
    }

    @Test
    void read_noSuchStack_oneLineNamingItAndTheRegion() {
        assertThatThrownBy(() -> outputs.read("NoSuchStack"))
                .isInstanceOf(DeploymentFactsException.class)
                .hasMessageStartingWith("no CloudFormation stack named NoSuchStack in eu-west-1: pass --stack")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Service:", "Request ID").hasLineCount(1));
    }
}
