package dev.permalinker.ops.trace.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.permalinker.aws.SignedJsonCall;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.ops.trace.LogEvent;
import dev.permalinker.ops.trace.LogEventSource;
import dev.permalinker.ops.trace.LogsInsightsQuery;
import dev.permalinker.ops.trace.TraceGap;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The functions' log events from CloudWatch Logs Insights: {@code StartQuery} over the stack's log groups, then
 * {@code GetQueryResults} every {@code pollInterval} until the query is {@code Complete} or the deadline passes
 * ({@code StopQuery} then, so the query stops costing). Log groups are given, or found by the prefix CloudFormation
 * gives the names it generates ({@code <stack name>-<logical id>-<suffix>}) with {@code DescribeLogGroups}.
 *
 * <p>Why SigV4-signed JSON calls and not the generated {@code CloudWatchLogsClient}: the SDK module at the project's
 * pinned version (2.54.14) cannot be had from this build's Maven repository; the calls are four JSON 1.1 operations
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_Operations.html), signed with the
 * SDK's own signer through {@link SignedJsonCall}, as {@code SecretsManagerLookup} does. The query and its answer
 * are built and read by {@link LogsInsightsQuery}.
 */
public final class CloudWatchLogsInsights implements LogEventSource {
    private static final String TARGET_PREFIX = "Logs_20140328.";

    private final SignedJsonCall logs;
    private final JsonCodec json;
    private final List<String> logGroups;
    private final Duration deadline;
    private final Duration pollInterval;

    /**
     * @param endpoint {@code null} for {@code https://logs.<region>.amazonaws.com/}
     * @param deadline how long to wait for a query to complete
     */
    public CloudWatchLogsInsights(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint,
                                  JsonCodec json, List<String> logGroups, Duration deadline, Duration pollInterval) {
        this(new SignedJsonCall(http, credentials, "logs", region, endpoint), json, logGroups, deadline, pollInterval);
    }

    private CloudWatchLogsInsights(SignedJsonCall logs, JsonCodec json, List<String> logGroups, Duration deadline,
                                   Duration pollInterval) {
        this.logs = logs;
        this.json = json;
        this.logGroups = List.copyOf(logGroups);
        this.deadline = deadline;
        this.pollInterval = pollInterval;
    }

    /** The same client over other log groups. */
    public CloudWatchLogsInsights withLogGroups(List<String> groups) {
        return new CloudWatchLogsInsights(logs, json, groups, deadline, pollInterval);
    }

    /** Log groups whose names start with {@code <stackName>-}: those CloudFormation named for the stack. */
    public List<String> logGroupsOfStack(String stackName) {
        List<String> found = new ArrayList<>();
        String token = null;
        do {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("logGroupNamePrefix", stackName + "-");
            if (token != null) {
                request.put("nextToken", token);
            }
            JsonNode answer = call("DescribeLogGroups", request);
            for (JsonNode group : answer.path("logGroups")) {
                found.add(group.path("logGroupName").asText());
            }
            token = answer.path("nextToken").asText(null);
        } while (token != null && !token.isEmpty() && found.size() < LogsInsightsQuery.MAX_LOG_GROUPS);
        return found.size() > LogsInsightsQuery.MAX_LOG_GROUPS
                ? found.subList(0, LogsInsightsQuery.MAX_LOG_GROUPS) : found;
    }

    @Override
    public List<LogEvent> eventsFor(String assetUid, Instant from, Instant to) {
        if (logGroups.isEmpty()) {
            throw new TraceGap("no log groups to query (pass --log-group, or --cfn-stack with the stack's name)");
        }
        String queryId = LogsInsightsQuery.queryId(call("StartQuery",
                LogsInsightsQuery.startQueryRequest(logGroups, assetUid, from, to)));
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            LogsInsightsQuery.Answer answer = LogsInsightsQuery.parseResults(
                    call("GetQueryResults", Map.of("queryId", queryId)), assetUid);
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

    private void stop(String queryId) {
        try {
            call("StopQuery", Map.of("queryId", queryId));
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

    private JsonNode call(String operation, Map<String, Object> request) {
        byte[] body = json.write(request).getBytes(StandardCharsets.UTF_8);
        try {
            SignedJsonCall.Answer answer = logs.call(TARGET_PREFIX + operation, body);
            int status = answer.status();
            JsonNode node = answer.body().length == 0 ? json.readTree("{}".getBytes(StandardCharsets.UTF_8))
                    : json.readTree(answer.body());
            if (status != 200) {
                // The error type (AccessDeniedException, ResourceNotFoundException…) says what to fix.
                String type = node.path("__type").asText("HTTP " + status);
                throw new TraceGap(operation + " refused: " + type.substring(type.indexOf('#') + 1)
                        + (node.hasNonNull("message") ? ": " + node.get("message").asText() : ""));
            }
            return node;
        } catch (IOException | SdkClientException e) {
            throw new TraceGap("cannot reach CloudWatch Logs at " + logs.endpoint() + ": " + e.getMessage(), e);
        }
    }
}
