package dev.permalinker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated CMA's HTTP routes: {@code /v3/assets} (list), {@code /v3/assets/{uid}} (get, update), with the
 * header checks, the organisation's rate limit, injected faults, and Contentstack's error shape
 * {@code {"error_message","error_code","errors"}}. Which behaviour is documented and which assumed: this module's
 * README.
 */
final class CmaRoutes {
    private static final Pattern ASSET_PATH = Pattern.compile("/v3/assets/([^/]+)");
    /** Contentstack's {@code error_code} for an asset that does not exist. */
    static final int ASSET_NOT_FOUND = 145;

    /** {@code POST /v3/assets}: set by the simulator (the upload route creates the asset and sends its webhooks). */
    private volatile AssetUploads uploads;
    private final AssetStore store;
    private final FaultInjector faults;
    private final OrganisationLimits limits;
    private final JsonCodec json;
    private final Consumer<ReceivedRequest> recorder;
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean tokenRevoked;
    private final ErrorShapes shapes = new ErrorShapes();

    CmaRoutes(AssetStore store, FaultInjector faults, OrganisationLimits limits, JsonCodec json,
              Consumer<ReceivedRequest> recorder) {
        this.store = store;
        this.faults = faults;
        this.limits = limits;
        this.json = json;
        this.recorder = recorder;
    }

    void revokeTokens(boolean revoked) {
        this.tokenRevoked = revoked;
    }

    /** The shapes of error answers (body, missing asset); see {@link ErrorShapes}. */
    ErrorShapes shapes() {
        return shapes;
    }

    long requests() {
        return requests.get();
    }

    /** Where {@code POST /v3/assets} (an upload) goes, once the stack, token and write budget are checked. */
    void uploads(AssetUploads handler) {
        this.uploads = handler;
    }

    /** Whether {@link #revokeTokens} refuses every management token now (the webhook routes check it too). */
    boolean tokensRevoked() {
        return tokenRevoked;
    }

    void handle(HttpExchange exchange) {
        try (exchange) {
            requests.incrementAndGet();
            if (fault(exchange)) {
                return;
            }
            route(exchange);
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Matcher matcher = ASSET_PATH.matcher(path);
        String uid = matcher.matches() ? matcher.group(1) : null;
        String apiKey = exchange.getRequestHeaders().getFirst("api_key");
        String authorization = exchange.getRequestHeaders().getFirst("authorization");
        recorder.accept(new ReceivedRequest(method, path, apiKey, exchange.getRequestHeaders().getFirst("branch"),
                authorization));
        if (uid == null && !path.equals("/v3/assets")) {
            error(exchange, 404, 141, "The requested URL was not found.", Map.of());
            return;
        }
        if (apiKey == null || apiKey.isBlank() || !store.knows(apiKey)) {
            error(exchange, 412, 109, "We couldn't find the API key. Please check and try again.",
                    Map.of("api_key", List.of("is not valid.")));
            return;
        }
        // A management token belongs to one stack: another stack's token is refused like a wrong one.
        if (tokenRevoked || authorization == null || !authorization.equals(store.tokenOf(apiKey))) {
            error(exchange, 401, 105, "You're not allowed in here unless you're logged in.",
                    Map.of("authorization", List.of("is not valid.")));
            return;
        }
        int forced = faults.forcedStatus(uid);
        if (forced != 0) {
            store.countCall(uid, method.equals("PUT"));
            error(exchange, forced, forced, "Forced failure.", Map.of());
            return;
        }
        boolean write = method.equals("PUT") || method.equals("POST") || method.equals("DELETE");
        TokenBucket bucket = write ? limits.writes() : limits.reads();
        if (!bucket.tryTake() || faults.extraThrottle()) {
            limits.countThrottled();
            rateLimitHeaders(exchange, bucket, 0);
            error(exchange, 429, 429, "Too many requests. Please retry after some time.", Map.of());
            return;
        }
        rateLimitHeaders(exchange, bucket, bucket.remaining());
        if (uid == null) {
            if (method.equals("GET")) {
                list(exchange, apiKey);
            } else if (method.equals("POST") && uploads != null) {
                uploads.handle(exchange, apiKey);
            } else {
                error(exchange, 405, 405, "Method not allowed.", Map.of());
            }
            return;
        }
        store.countCall(uid, method.equals("PUT"));
        switch (method) {
            case "GET" -> get(exchange, apiKey, uid);
            case "PUT" -> put(exchange, apiKey, uid);
            default -> error(exchange, 405, 405, "Method not allowed.", Map.of());
        }
    }

    private static void rateLimitHeaders(HttpExchange exchange, TokenBucket bucket, int remaining) {
        exchange.getResponseHeaders().add("X-RateLimit-Limit", Integer.toString(bucket.limit()));
        exchange.getResponseHeaders().add("X-RateLimit-Remaining", Integer.toString(remaining));
    }

    private boolean fault(HttpExchange exchange) throws IOException {
        switch (faults.roll()) {
            case RESET -> {
                exchange.getRequestBody().readAllBytes();
                // Closing without a status line: the client sees the connection end mid-exchange.
                exchange.getResponseBody().close();
                return true;
            }
            case HANG -> {
                FaultInjector.pause(faults.current().hang());
                exchange.getResponseBody().close();
                return true;
            }
            case SERVER_ERROR -> {
                int status = faults.serverErrorStatus();
                error(exchange, status, status, "Something went wrong. Please try again later.", Map.of());
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void get(HttpExchange exchange, String apiKey, String uid) throws IOException {
        SimulatedAsset asset = store.get(apiKey, uid);
        if (asset == null) {
            notFound(exchange);
            return;
        }
        respond(exchange, 200, Map.of("asset", view(asset)));
    }

    private void put(HttpExchange exchange, String apiKey, String uid) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            error(exchange, 400, 141, "The Content-Type header must be application/json.", Map.of());
            return;
        }
        JsonNode permanentUrl;
        try {
            permanentUrl = json.readTree(exchange.getRequestBody().readAllBytes()).path("asset").get("permanent_url");
        } catch (IOException e) {
            error(exchange, 400, 141, "The request body is not valid JSON.", Map.of());
            return;
        }
        if (permanentUrl == null || !permanentUrl.isTextual() || !permanentUrl.textValue().startsWith("https://")) {
            error(exchange, 422, 141, "Asset update failed.", Map.of("permanent_url", List.of("is not valid.")));
            return;
        }
        AssetStore.WriteResult written = store.setPermanentUrl(apiKey, uid, permanentUrl.textValue());
        if (written == AssetStore.WriteResult.SET) {
            faults.afterWrite(uid);
        }
        switch (written) {
            case NO_SUCH_ASSET -> notFound(exchange);
            case ALREADY_DIFFERENT -> error(exchange, 422, 141, "Asset update failed.",
                    Map.of("permanent_url", List.of("is already set and cannot be changed.")));
            default -> {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("notice", "Asset updated successfully.");
                answer.put("asset", view(store.get(apiKey, uid)));
                respond(exchange, 200, answer);
            }
        }
    }

    private void notFound(HttpExchange exchange) throws IOException {
        ErrorShapes.MissingAsset answer = shapes.missingAsset();
        error(exchange, answer.status(), answer.errorCode(), answer.message(), ErrorShapes.onUid());
    }

    private void list(HttpExchange exchange, String apiKey) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        int skip = Math.max(0, parseInt(query.get("skip"), 0));
        int limit = Math.min(100, Math.max(1, parseInt(query.get("limit"), 100)));
        List<SimulatedAsset> stackAssets = store.ofStack(apiKey);
        // Sorting: asc=created_at or desc=created_at, as the CMA's list routes take it.
        if ("created_at".equals(query.get("desc"))) {
            stackAssets = new ArrayList<>(stackAssets);
            Collections.reverse(stackAssets);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("assets", stackAssets.stream().skip(skip).limit(limit).map(CmaRoutes::view).toList());
        if ("true".equals(query.get("include_count"))) {
            answer.put("count", stackAssets.size());
        }
        respond(exchange, 200, answer);
    }

    static Map<String, Object> view(SimulatedAsset asset) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("uid", asset.uid());
        view.put("created_at", asset.createdAt());
        view.put("updated_at", asset.createdAt());
        view.put("content_type", asset.contentType());
        view.put("filename", asset.filename());
        view.put("url", asset.url());
        view.put("title", asset.filename());
        if (asset.permanentUrl() != null) {
            view.put("permanent_url", asset.permanentUrl());
        }
        return view;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return query;
    }

    private static int parseInt(String value, int defaultValue) {
        try {
            return value == null ? defaultValue : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    private void error(HttpExchange exchange, int status, int code, String message, Map<String, Object> errors)
            throws IOException {
        Object body = shapes.render(code, message, errors);
        if (body instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", shapes.contentType());
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            return;
        }
        respond(exchange, status, body);
    }

    void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
