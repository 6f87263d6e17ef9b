package dev.permalinker.ops.trace.aws;

import dev.permalinker.ops.trace.LogEvent;
import dev.permalinker.ops.trace.LogEventSource;
import dev.permalinker.ops.trace.LogsInsightsQuery;
import dev.permalinker.ops.trace.TraceGap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.QueryStatistics;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;

/**
 * The functions' log events from CloudWatch Logs Insights, through the SDK's {@link CloudWatchLogsClient}:
 * {@code StartQuery} over the stack's log groups, then {@code GetQueryResults} every {@code pollInterval} until the
 * query is {@code Complete} or the deadline passes ({@code StopQuery} then, so the query stops costing). Log groups
 * are given, or found by the prefix CloudFormation gives the names it generates ({@code <stack name>-<logical
 * id>-<suffix>}) with {@code DescribeLogGroups}. The query and its answer are built and read by
 * {@link LogsInsightsQuery}; a refusal or an unreachable service is a {@link TraceGap} naming the error code.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_Operations.html
 */
public final class CloudWatchLogsInsights implements LogEventSource {
    private final CloudWatchLogsClient logs;
    private final List<String> logGroups;
    private final Duration deadline;
    private final Duration pollInterval;

    /** @param deadline how long to wait for a query to complete */
    public CloudWatchLogsInsights(CloudWatchLogsClient logs, List<String> logGroups, Duration deadline,
                                  Duration pollInterval) {
        this.logs = logs;
        this.logGroups = List.copyOf(logGroups);
        this.deadline = deadline;
        this.pollInterval = pollInterval;
    }

    /** The same client over other log groups. */
    public CloudWatchLogsInsights withLogGroups(List<String> groups) {
        return new CloudWatchLogsInsights(logs, groups, deadline, pollInterval);
    }

    /** Log groups whose names start with {@code <stackName>-}: those CloudFormation named for the stack. */
    public List<String> logGroupsOfStack(String stackName) {
        List<String> found = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            DescribeLogGroupsResponse answer = call("DescribeLogGroups", () -> logs.describeLogGroups(r -> r
                    .logGroupNamePrefix(stackName + "-").nextToken(page)));
            answer.logGroups().stream().map(LogGroup::logGroupName).forEach(found::add);
            token = answer.nextToken();
        } while (token != null && !token.isEmpty() && found.size() < LogsInsightsQuery.MAX_LOG_GROUPS);
        return found.size() > LogsInsightsQuery.MAX_LOG_GROUPS
                ? found.subList(0, LogsInsightsQuery.MAX_LOG_GROUPS) : found;
    }

    @Override
    public List<LogEvent> eventsFor(String assetUid, Instant from, Instant to) {
        if (logGroups.isEmpty()) {
            throw new TraceGap("no log groups to query (pass --log-group, or --cfn-stack with the stack's name)");
        }
        LogsInsightsQuery.StartQuery query = LogsInsightsQuery.startQuery(logGroups, assetUid, from, to);
        String queryId = LogsInsightsQuery.queryId(call("StartQuery", () -> logs.startQuery(r -> r
                .logGroupNames(query.logGroupNames()).startTime(query.startTime()).endTime(query.endTime())
                .queryString(query.queryString()).limit(query.limit()))).queryId());
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            LogsInsightsQuery.Answer answer = answer(call("GetQueryResults",
                    () -> logs.getQueryResults(r -> r.queryId(queryId))), assetUid);
            if (answer.status() == LogsInsightsQuery.Status.COMPLETE) {
                return answer.events();
            }
            if (!answer.status().pending()) {
                throw new TraceGap("the Logs Insights query ended " + answer.status().name().toLowerCase(
                        Locale.ROOT));
            }
            if (System.nanoTime() > end) {
                stop(queryId);
                throw new TraceGap("the Logs Insights query did not complete within " + deadline.toSeconds()
                        + " s (narrow --since)");
            }
            pause();
        }
    }

    /** The SDK's typed answer as the fields of each row, for {@link LogsInsightsQuery#answer}. */
    private static LogsInsightsQuery.Answer answer(GetQueryResultsResponse results, String assetUid) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<ResultField> row : results.results()) {
            Map<String, String> fields = new HashMap<>();
            for (ResultField cell : row) {
                if (cell.field() != null && cell.value() != null) {
                    fields.put(cell.field(), cell.value());
                }
            }
            rows.add(fields);
        }
        QueryStatistics statistics = results.statistics() != null ? results.statistics()
                : QueryStatistics.builder().build();
        return LogsInsightsQuery.answer(results.statusAsString(), rows, count(statistics.recordsMatched()),
                count(statistics.recordsScanned()), assetUid);
    }

    private static long count(Double value) {
        return value == null ? 0 : value.longValue();
    }

    private void stop(String queryId) {
        try {
            call("StopQuery", () -> logs.stopQuery(r -> r.queryId(queryId)));
        } catch (TraceGap e) {
            // It ends by itself; the trace reports the timeout either way.
        }
    }

    private void pause() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TraceGap("interrupted while waiting for Logs Insights");
        }
    }

    @Override
    public String describe() {
        return "CloudWatch Logs " + String.join(", ", logGroups);
    }

    private static <T> T call(String operation, Supplier<T> request) {
        try {
            return request.get();
        } catch (AwsServiceException e) {
            // The error code (AccessDeniedException, ResourceNotFoundException…) says what to fix.
            String message = e.awsErrorDetails().errorMessage();
            throw new TraceGap(operation + " refused: " + e.awsErrorDetails().errorCode()
                    + (message != null ? ": " + message : ""));
        } catch (SdkException e) {
            throw new TraceGap("cannot reach CloudWatch Logs: " + e.getMessage(), e);
        }
    }
}
