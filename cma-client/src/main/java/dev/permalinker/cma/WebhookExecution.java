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
 * @param status     {@code status}: the HTTP status of the latest attempt; 0 (unknown, never success) when absent,
 *                   {@code null} (the CMA reference's own sample) or when nothing answered
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
     * One delivery attempt, with what Contentstack saw of it.
     *
     * <p>A network failure (no HTTP answer) is logged as {@code "statusCode": null} with the error in
     * {@code response.code} and {@code response.message} (the CMA reference's executions sample: {@code "read
     * ECONNRESET"}); both are read from the response first, then from the request detail itself.
     *
     * @param retryNumber {@code retry_number}: 0 for the first attempt; its position when absent
     * @param statusCode  the destination's HTTP status ({@code response.statusCode}); 0 when it did not answer or the
     *                    log does not say (shown as unknown, never as success)
     * @param at          when it was sent ({@code created_at}), when the log says
     * @param errorCode   the network error's code ({@code ECONNRESET}, {@code ETIMEDOUT}, ...), when the log says
     * @param message     the error's message ({@code read ECONNRESET}), when the log says
     * @param bodyLine    the first line of the destination's response body (at most {@value #BODY_LINE_LIMIT}
     *                    characters, control characters removed), when it sent one
     */
    public record Attempt(int retryNumber, int statusCode, Optional<Instant> at, Optional<String> errorCode,
                          Optional<String> message, Optional<String> bodyLine) {
        /** Enough of a body to recognise the answer (an API Gateway "Not Found", a WAF page title). */
        public static final int BODY_LINE_LIMIT = 160;

        public Attempt(int retryNumber, int statusCode, Optional<Instant> at) {
            this(retryNumber, statusCode, at, Optional.empty(), Optional.empty(), Optional.empty());
        }

        public boolean succeeded() {
            return statusCode >= 200 && statusCode < 300;
        }

        /**
         * The attempt's outcome in one phrase: {@code 503 "Service Unavailable"}, {@code ECONNRESET (read
         * ECONNRESET)}, or {@code unknown} when the log has neither a status code nor an error.
         */
        public String outcome() {
            StringBuilder text = new StringBuilder();
            if (statusCode != 0) {
                text.append(statusCode);
            } else if (errorCode.isPresent()) {
                text.append(errorCode.get());
            } else {
                text.append(message.isPresent() ? "no answer" : "unknown");
            }
            message.filter(m -> statusCode != 0 || errorCode.isEmpty() || !m.equals(errorCode.get()))
                    .ifPresent(m -> text.append(" (").append(m).append(')'));
            bodyLine.ifPresent(b -> text.append(" \"").append(b).append('"'));
            return text.toString();
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
                    CmaJson.instant(detail.path("created_at")),
                    shown(firstText(response.path("code"), response.path("errno"), detail.path("code"))),
                    shown(firstText(response.path("message"), detail.path("message"), response.path("error"))),
                    firstLine(response.path("body"))));
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

    private static String firstText(JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            String value = CmaJson.text(candidate, "");
            if (!value.isBlank()) {
                return value;
            }
        }
        return "";
    }

    /** A value for a terminal: control characters (CR, LF, ESC) removed, trimmed, at most the line limit. */
    private static Optional<String> shown(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", " ").trim();
        if (clean.length() > Attempt.BODY_LINE_LIMIT) {
            clean = clean.substring(0, Attempt.BODY_LINE_LIMIT) + "...";
        }
        return clean.isEmpty() ? Optional.empty() : Optional.of(clean);
    }

    /** The first non-blank line of a response body: a string as logged, or an object/array as compact JSON. */
    private static Optional<String> firstLine(JsonNode body) {
        if (body.isMissingNode() || body.isNull()) {
            return Optional.empty();
        }
        String text = body.isValueNode() ? body.asText() : body.toString();
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                return shown(line);
            }
        }
        return Optional.empty();
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

    /**
     * The execution's status as shown to an operator: the HTTP status, else the last attempt's network error code
     * ({@code ECONNRESET}), else {@code unknown} ({@code "status": null} or absent: never success).
     */
    public String statusShown() {
        if (status != 0) {
            return Integer.toString(status);
        }
        return attempts.isEmpty() ? "unknown" : attempts.get(attempts.size() - 1).errorCode().orElse("unknown");
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
