package dev.permalinker.ops.trace.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.permalinker.aws.AwsClients;
import dev.permalinker.ops.trace.TraceGap;
import dev.permalinker.testsupport.MotoServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * The trace's CloudWatch Logs adapter through the SDK's client against moto_server. What moto 5.2.1's Logs Insights
 * does, and so what this test can hold: StartQuery checks that every log group exists and runs the query at once
 * (the first GetQueryResults is {@code Complete}; never Scheduled or Running); it ignores {@code filter} and returns
 * only {@code @ptr} and {@code @timestamp} (epoch milliseconds), no fields discovered from JSON log events and no
 * statistics; StopQuery is not implemented (HTTP 500); DescribeQueries answers {@code createTime} as a fraction, which
 * the SDK refuses to read. The rows therefore carry no {@code assetUid} and the adapter keeps none of them: the
 * recorded answers of {@link CloudWatchLogsInsightsIT} cover reading real rows.
 */
class CloudWatchLogsInsightsMotoIT {
    private static final String UID = "blt0a1b2c3d4e5f6789";
    private final URI moto = MotoServer.shared().endpoint();
    private final AwsClients aws = AwsClients.local(moto);
    private final CloudWatchLogsClient logs = aws.client(CloudWatchLogsClient.builder(), Duration.ofSeconds(20),
            moto);
    private final String stack = "PermalinkerMoto" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void close() {
        logs.close();
    }

    private String logGroupWithAnEvent(String logicalId) {
        String group = stack + "-" + logicalId + "-a1b2c3";
        logs.createLogGroup(r -> r.logGroupName(group));
        logs.createLogStream(r -> r.logGroupName(group).logStreamName("2026/12/02/[$LATEST]abc"));
        logs.putLogEvents(r -> r.logGroupName(group).logStreamName("2026/12/02/[$LATEST]abc").logEvents(e -> e
                .timestamp(Instant.now().toEpochMilli())
                .message("{\"level\":\"INFO\",\"logger\":\"IngestService\",\"outcome\":\"queued\",\"assetUid\":\""
                        + UID + "\",\"status\":202}")));
        return group;
    }

    private CloudWatchLogsInsights insights(List<String> groups) {
        return new CloudWatchLogsInsights(logs, groups, Duration.ofSeconds(10), Duration.ofMillis(10));
    }

    @Test
    void logGroupsOfStack_findsTheStacksGroupsByItsPrefixOnly() {
        String ingest = logGroupWithAnEvent("IngestLogs1");
        String worker = logGroupWithAnEvent("WorkerLogs2");
        logs.createLogGroup(r -> r.logGroupName(stack + "Other-IngestLogs1-x"));

        assertThat(insights(List.of()).logGroupsOfStack(stack)).containsExactlyInAnyOrder(ingest, worker);
    }

    @Test
    void eventsFor_startsTheQueryOverTheGroupsAndReadsTheCompletedAnswer() {
        String ingest = logGroupWithAnEvent("IngestLogs1");
        String worker = logGroupWithAnEvent("WorkerLogs2");
        Instant now = Instant.now();

        assertThat(insights(List.of(ingest, worker)).eventsFor(UID, now.minusSeconds(3600), now.plusSeconds(60)))
                .as("moto's rows hold no assetUid").isEmpty();
    }

    @Test
    void eventsFor_oneOfTheGroupsMissing_aGapNamingTheErrorCode() {
        String ingest = logGroupWithAnEvent("IngestLogs1");

        assertThatThrownBy(() -> insights(List.of(ingest, stack + "-Missing-0")).eventsFor(UID, Instant.EPOCH,
                Instant.EPOCH.plusSeconds(60)))
                .isInstanceOf(TraceGap.class)
                .hasMessageStartingWith("StartQuery refused: ResourceNotFoundException");
    }

    @Test
    void eventsFor_unreachable_aGapNamingTheService() {
        CloudWatchLogsClient unreachable = aws.client(CloudWatchLogsClient.builder(), Duration.ofSeconds(2),
                URI.create("http://127.0.0.1:1"));

        assertThatThrownBy(() -> new CloudWatchLogsInsights(unreachable, List.of("g"), Duration.ofSeconds(1),
                Duration.ofMillis(10)).eventsFor(UID, Instant.EPOCH, Instant.EPOCH.plusSeconds(60)))
                .isInstanceOf(TraceGap.class).hasMessageStartingWith("cannot reach CloudWatch Logs");
    }
}
