package dev.permalinker.cma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One execution of a webhook (an event and its delivery attempts), as {@code GET /v3/webhooks/{uid}/executions}
 * lists it. Read tolerantly: unknown fields are ignored, a missing field takes the default given below.
 * https://www.contentstack.com/docs/developers/apis/content-management-api#get-executions-of-a-webhook
 *
 * @param uid        {@code uid}: the execution's uid (what a retry or the logs are asked for); empty when absent
 * @param channels   {@code channel} (an array, e.g. {@code ["assets.create"]}); empty when absent
 * @param createdAt  {@code created_at}: when the event was first sent
 * @param status     {@code status}: the HTTP status of the latest attempt; 0 when absent or when nothing answered
 * @param retryCount {@code retry_count}: retries after the first attempt; the attempts' count less one when absent
 * @param attempts   {@code request_details}, one per attempt in order (empty with {@code only_events=true})
 * @param eventData  {@code event_data}: the event as first signed; a missing node when absent
 */
public record WebhookExecution(String uid, List<String> channels, Optional<Instant> createdAt, int status,
                               int retryCount, List<Attempt> attempts, JsonNode eventData) {

    /** Failed executions first, then newest first: the order an operator reads them in. */
    public static final Comparator<WebhookExecution> FAILED_FIRST = Comparator
            .comparing(WebhookExecution::succeeded)
            .thenComparing(e -> e.createdAt().orElse(Instant.EPOCH), Comparator.reverseOrder());

    /**
     * One delivery attempt.
     *
     * @param retryNumber {@code retry_number}: 0 for the first attempt; its position when absent
     * @param statusCode  the destination's HTTP status ({@code response.statusCode}); 0 when it did not answer
     * @param at          when it was sent ({@code created_at}), when the log says
     */
    public record Attempt(int retryNumber, int statusCode, Optional<Instant> at) {
        public boolean succeeded() {
            return statusCode >= 200 && statusCode < 300;
        }
    }

    public WebhookExecution {
        channels = List.copyOf(channels);
        attempts = List.copyOf(attempts);
    }

    /** Reads one execution object; never throws: what is missing or mistyped takes its default. */
    public static WebhookExecution fromJson(JsonNode node) {
        List<Attempt> attempts = new ArrayList<>();
        int position = 0;
        for (JsonNode detail : node.path("request_details")) {
            JsonNode response = detail.path("response");
            int code = firstInt(response.path("statusCode"), response.path("status_code"), response.path("status"),
                    detail.path("statusCode"), detail.path("status"));
            attempts.add(new Attempt(CmaJson.integer(detail.path("retry_number"), position), code,
                    CmaJson.instant(detail.path("created_at"))));
            position++;
        }
        int status = CmaJson.integer(node.path("status"), attempts.isEmpty() ? 0
                : attempts.get(attempts.size() - 1).statusCode());
        JsonNode eventData = node.path("event_data");
        return new WebhookExecution(CmaJson.text(node.path("uid"), ""), CmaJson.strings(node.path("channel")),
                CmaJson.instant(node.path("created_at")), status,
                CmaJson.integer(node.path("retry_count"), Math.max(0, attempts.size() - 1)), attempts,
                eventData.isObject() ? eventData : MissingNode.getInstance());
    }

    private static int firstInt(JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            int value = CmaJson.integer(candidate, 0);
            if (value != 0) {
                return value;
            }
        }
        return 0;
    }

    /** Whether it was delivered: its status is 2xx. */
    public boolean succeeded() {
        return status >= 200 && status < 300;
    }

    /** {@code event_data.api_key}: the stack the event came from. */
    public Optional<String> apiKey() {
        return optionalText(eventData.path("api_key"));
    }

    /** {@code event_data.data.asset.uid}: the asset of an asset event. */
    public Optional<String> assetUid() {
        return optionalText(eventData.path("data").path("asset").path("uid"));
    }

    /** {@code event_data.module} and {@code event}, e.g. {@code asset} and {@code create}. */
    public Optional<String> module() {
        return optionalText(eventData.path("module"));
    }

    public Optional<String> event() {
        return optionalText(eventData.path("event"));
    }

    private static Optional<String> optionalText(JsonNode node) {
        String text = CmaJson.text(node, "");
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    @Override
    public String toString() {
        return "WebhookExecution[" + uid + ", status " + status + ", retries " + retryCount
                + assetUid().map(a -> ", asset " + a).orElse("") + "]";
    }
}
