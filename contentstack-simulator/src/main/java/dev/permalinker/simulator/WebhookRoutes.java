package dev.permalinker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.permalinker.model.EnvReader;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated CMA's webhook routes (https://www.contentstack.com/docs/developers/apis/content-management-api#webhooks):
 * {@code GET /v3/webhooks}, {@code POST /v3/webhooks} with {@code {"webhook":{…}}}, {@code GET|PUT|DELETE
 * /v3/webhooks/{uid}}, and {@code GET /v3/webhooks/{uid}/executions[?from&to&only_events]}. The same stack, token
 * and rate-limit checks as the asset routes: reads spend the read budget, the rest the write budget.
 */
final class WebhookRoutes {
    private static final Pattern PATH = Pattern.compile("/v3/webhooks(?:/([^/]+)(/executions)?)?/?");
    private static final String MASKED = "********";

    private final WebhookStore webhooks;
    private final AssetStore stacks;
    private final OrganisationLimits limits;
    private final JsonCodec json;
    private final Consumer<ReceivedRequest> recorder;
    private final CmaRoutes assetRoutes;

    WebhookRoutes(WebhookStore webhooks, AssetStore stacks, OrganisationLimits limits, JsonCodec json,
                  Consumer<ReceivedRequest> recorder, CmaRoutes assetRoutes) {
        this.webhooks = webhooks;
        this.stacks = stacks;
        this.limits = limits;
        this.json = json;
        this.recorder = recorder;
        this.assetRoutes = assetRoutes;
    }

    void handle(HttpExchange exchange) {
        try (exchange) {
            route(exchange);
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String apiKey = exchange.getRequestHeaders().getFirst("api_key");
        String authorization = exchange.getRequestHeaders().getFirst("authorization");
        recorder.accept(new ReceivedRequest(method, path, apiKey, exchange.getRequestHeaders().getFirst("branch"),
                authorization));
        Matcher matcher = PATH.matcher(path);
        if (!matcher.matches()) {
            error(exchange, 404, 141, "The requested URL was not found.", Map.of());
            return;
        }
        if (apiKey == null || apiKey.isBlank() || !stacks.knows(apiKey)) {
            error(exchange, 412, 109, "We couldn't find the API key. Please check and try again.",
                    Map.of("api_key", List.of("is not valid.")));
            return;
        }
        if (assetRoutes.tokensRevoked() || authorization == null || !authorization.equals(stacks.tokenOf(apiKey))) {
            error(exchange, 401, 105, "You're not allowed in here unless you're logged in.",
                    Map.of("authorization", List.of("is not valid.")));
            return;
        }
        TokenBucket bucket = method.equals("GET") ? limits.reads() : limits.writes();
        if (!bucket.tryTake()) {
            limits.countThrottled();
            rateLimitHeaders(exchange, bucket, 0);
            error(exchange, 429, 429, "Too many requests. Please retry after some time.", Map.of());
            return;
        }
        rateLimitHeaders(exchange, bucket, bucket.remaining());
        String uid = matcher.group(1);
        boolean executions = matcher.group(2) != null;
        if (uid == null) {
            switch (method) {
                case "GET" -> respond(exchange, 200, Map.of("webhooks",
                        webhooks.ofStack(apiKey).stream().map(WebhookRoutes::view).toList()));
                case "POST" -> create(exchange, apiKey);
                default -> error(exchange, 405, 405, "Method not allowed.", Map.of());
            }
            return;
        }
        SimulatedWebhook webhook = webhooks.get(uid);
        if (webhook == null || !webhook.apiKey().equals(apiKey)) {
            error(exchange, 422, 141, "The requested object doesn't exist.", Map.of("uid", List.of("is not valid.")));
            return;
        }
        if (executions) {
            if (method.equals("GET")) {
                executions(exchange, webhook);
            } else {
                error(exchange, 405, 405, "Method not allowed.", Map.of());
            }
            return;
        }
        switch (method) {
            case "GET" -> respond(exchange, 200, Map.of("webhook", view(webhook)));
            case "PUT" -> update(exchange, webhook);
            case "DELETE" -> {
                webhooks.remove(uid);
                respond(exchange, 200, Map.of("notice", "The Webhook was deleted successfully"));
            }
            default -> error(exchange, 405, 405, "Method not allowed.", Map.of());
        }
    }

    private void create(HttpExchange exchange, String apiKey) throws IOException {
        JsonNode body = body(exchange);
        if (body == null) {
            return;
        }
        JsonNode webhook = body.path("webhook");
        List<String> problems = new ArrayList<>();
        WebhookSpec spec = spec(webhook, null, problems);
        if (!problems.isEmpty()) {
            invalid(exchange, problems);
            return;
        }
        SimulatedWebhook created = webhooks.add(apiKey, spec);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("notice", "The Webhook was created successfully");
        answer.put("webhook", view(created));
        respond(exchange, 201, answer);
    }

    private void update(HttpExchange exchange, SimulatedWebhook old) throws IOException {
        JsonNode body = body(exchange);
        if (body == null) {
            return;
        }
        List<String> problems = new ArrayList<>();
        WebhookSpec spec = spec(body.path("webhook"), old.spec().withDisabled(old.disabled()), problems);
        if (!problems.isEmpty()) {
            invalid(exchange, problems);
            return;
        }
        SimulatedWebhook updated = webhooks.update(old.uid(), spec);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("notice", "The Webhook was updated successfully");
        answer.put("webhook", view(updated));
        respond(exchange, 200, answer);
    }

    /** The request's JSON, or {@code null} after answering 400 when it is none. */
    private JsonNode body(HttpExchange exchange) throws IOException {
        try {
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            if (body.path("webhook").isObject()) {
                return body;
            }
        } catch (IOException e) {
            // answered below
        }
        error(exchange, 400, 141, "The request body must be JSON: {\"webhook\":{…}}.", Map.of());
        return null;
    }

    private void invalid(HttpExchange exchange, List<String> problems) throws IOException {
        Map<String, Object> errors = new LinkedHashMap<>();
        problems.forEach(field -> errors.put(field, List.of("is not valid.")));
        error(exchange, 422, 344, "Webhook creation failed. Please try again.", errors);
    }

    /** The webhook object merged over {@code base} (null: creating, where name, destination and channels are due). */
    private static WebhookSpec spec(JsonNode node, WebhookSpec base, List<String> problems) {
        String name = text(node.path("name"), base == null ? null : base.name());
        JsonNode destination = node.path("destinations").path(0);
        String target = text(destination.path("target_url"), base == null ? null : base.targetUrl());
        List<String> channels = strings(node.path("channels"), base == null ? null : base.channels());
        if (name == null || name.isBlank()) {
            problems.add("name");
        }
        if (EnvReader.httpUrl(target) == null) {
            problems.add("destinations.target_url");
        }
        if (channels == null || channels.isEmpty() || channels.stream().anyMatch(String::isBlank)) {
            problems.add("channels");
        }
        String policy = text(node.path("retry_policy"), base == null ? WebhookSpec.AUTOMATIC : base.retryPolicy());
        if (!WebhookSpec.AUTOMATIC.equals(policy) && !WebhookSpec.MANUAL.equals(policy)) {
            problems.add("retry_policy");
        }
        if (!problems.isEmpty()) {
            return null;
        }
        Map<String, String> headers = base == null ? Map.of() : base.customHeaders();
        if (destination.path("custom_header").isArray()) {
            Map<String, String> given = new LinkedHashMap<>();
            for (JsonNode header : destination.path("custom_header")) {
                String headerName = header.path("header_name").asText("");
                if (!headerName.isBlank()) {
                    given.put(headerName, header.path("value").asText(""));
                }
            }
            headers = given;
            if (!sendable(headers)) {
                problems.add("destinations.custom_header");
                return null;
            }
        }
        String user = text(destination.path("http_basic_auth"), base == null ? "" : base.basicAuthUser());
        String password = text(destination.path("http_basic_password"), base == null ? ""
                : base.basicAuthPassword());
        if (MASKED.equals(password) && base != null) {
            password = base.basicAuthPassword();
        }
        return new WebhookSpec(name, target, channels,
                strings(node.path("branches"), base == null ? List.of("main") : base.branches()), policy,
                bool(node.path("concise_payload"), base != null && base.concisePayload()),
                bool(node.path("disabled"), base != null && base.disabled()), headers, user, password);
    }

    /** Whether the sender's HTTP client takes these headers (names are tokens, not restricted; values one line). */
    private static boolean sendable(Map<String, String> headers) {
        try {
            HttpRequest.Builder probe = HttpRequest.newBuilder();
            headers.forEach(probe::header);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String text(JsonNode node, String fallback) {
        return node.isTextual() ? node.textValue() : fallback;
    }

    private static boolean bool(JsonNode node, boolean fallback) {
        return node.isBoolean() ? node.booleanValue() : fallback;
    }

    private static List<String> strings(JsonNode node, List<String> fallback) {
        if (!node.isArray()) {
            return fallback;
        }
        List<String> values = new ArrayList<>();
        // A channel that is not a string (null, an object) is blank here, and refused by the caller.
        node.forEach(value -> values.add(value.isTextual() ? value.textValue() : ""));
        return values;
    }

    private void executions(HttpExchange exchange, SimulatedWebhook webhook) throws IOException {
        Map<String, String> query = CmaRoutesQuery.parse(exchange.getRequestURI().getRawQuery());
        Instant from = Timestamps.parse(query.get("from"));
        Instant to = Timestamps.parse(query.get("to"));
        boolean onlyEvents = "true".equals(query.get("only_events"));
        List<Map<String, Object>> views = new ArrayList<>();
        for (SimulatedExecution execution : webhooks.executions(webhook.uid())) {
            Instant created = Timestamps.parse(execution.createdAt());
            if ((from != null && created.isBefore(from)) || (to != null && created.isAfter(to))) {
                continue;
            }
            views.add(view(execution, webhook, onlyEvents));
        }
        respond(exchange, 200, Map.of("webhooks", views));
    }

    /** A webhook as the CMA shows it; the Basic password masked, as in the reference's samples. */
    static Map<String, Object> view(SimulatedWebhook webhook) {
        WebhookSpec spec = webhook.spec();
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("target_url", spec.targetUrl());
        destination.put("http_basic_auth", spec.basicAuthUser());
        destination.put("http_basic_password", spec.basicAuthPassword().isEmpty() ? "" : MASKED);
        destination.put("custom_header", spec.customHeaders().entrySet().stream()
                .map(e -> Map.of("header_name", e.getKey(), "value", e.getValue())).toList());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", spec.name());
        view.put("destinations", List.of(destination));
        view.put("channels", spec.channels());
        view.put("branches", spec.branches());
        view.put("retry_policy", spec.retryPolicy());
        view.put("notifiers", List.of());
        view.put("disabled", webhook.disabled());
        view.put("unhealthy", Map.of("state", webhook.unhealthy()));
        view.put("app_user_object_uid", "system");
        view.put("concise_payload", spec.concisePayload());
        view.put("uid", webhook.uid());
        view.put("created_at", webhook.createdAt());
        view.put("updated_at", webhook.updatedAt());
        view.put("__v", 0);
        return view;
    }

    /** An execution as the CMA lists it: the event as first sent, and one request detail per attempt. */
    private Map<String, Object> view(SimulatedExecution execution, SimulatedWebhook webhook, boolean onlyEvents) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("uid", execution.uid());
        view.put("channel", List.of(execution.channel()));
        view.put("created_at", execution.createdAt());
        view.put("updated_at", execution.attempts().isEmpty() ? execution.createdAt()
                : execution.attempts().get(execution.attempts().size() - 1).at());
        view.put("event_data", eventData(execution));
        view.put("event_headers", Map.of("Content-Type", "application/json"));
        view.put("webhooks", List.of(webhook.uid()));
        if (!onlyEvents) {
            List<Map<String, Object>> details = new ArrayList<>();
            for (SimulatedExecution.Attempt attempt : execution.attempts()) {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("method", "POST");
                request.put("url", webhook.spec().targetUrl());
                Map<String, Object> response = new LinkedHashMap<>();
                response.put("statusCode", attempt.status() == 0 ? null : attempt.status());
                response.put("body", attempt.body());
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("retry_number", attempt.retryNumber());
                detail.put("request", request);
                detail.put("response", response);
                detail.put("created_at", attempt.at());
                details.add(detail);
            }
            view.put("request_details", details);
        }
        view.put("retry_count", execution.retryCount());
        view.put("status", execution.status());
        view.put("destination", Map.of("target_url", webhook.spec().targetUrl()));
        return view;
    }

    private Object eventData(SimulatedExecution execution) {
        try {
            return json.readTree(execution.eventData().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static void rateLimitHeaders(HttpExchange exchange, TokenBucket bucket, int remaining) {
        exchange.getResponseHeaders().add("X-RateLimit-Limit", Integer.toString(bucket.limit()));
        exchange.getResponseHeaders().add("X-RateLimit-Remaining", Integer.toString(remaining));
    }

    private void error(HttpExchange exchange, int status, int code, String message, Map<String, Object> errors)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_message", message);
        body.put("error_code", code);
        body.put("errors", errors);
        respond(exchange, status, body);
    }

    private void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
