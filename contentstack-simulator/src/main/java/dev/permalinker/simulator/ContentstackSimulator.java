package dev.permalinker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful Contentstack Content Management API on loopback: assets, permanent URLs, header checks, the
 * per-organisation rate limit and injected faults, with counters a test can assert on.
 *
 * <p>What is a documented Contentstack fact and what is an assumption is listed in this module's README.
 */
public final class ContentstackSimulator implements AutoCloseable {
    private static final Pattern ASSET_PATH = Pattern.compile("/v3/assets/([^/]+)");

    private final HttpServer server;
    private final ExecutorService executor;
    private final JsonCodec json = JsonCodec.create();
    private final String managementToken;
    private final TokenBucket writeBucket;
    private final TokenBucket readBucket;
    private final java.util.Set<String> stacks = ConcurrentHashMap.newKeySet();
    private final Map<String, SimulatedAsset> assets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> putCalls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> getCalls = new ConcurrentHashMap<>();
    private final Map<String, Integer> forcedStatus = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong injectedErrors = new AtomicLong();
    private final AtomicLong successfulWrites = new AtomicLong();
    private final List<Long> writeTimesNanos = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean tokenRevoked;
    private volatile Faults faults = Faults.none();
    private volatile Random random = new Random(1);

    private ContentstackSimulator(HttpServer server, ExecutorService executor, String managementToken,
                                  double rateLimitPerSecond) {
        this.server = server;
        this.executor = executor;
        this.managementToken = managementToken;
        this.writeBucket = new TokenBucket(rateLimitPerSecond);
        this.readBucket = new TokenBucket(rateLimitPerSecond);
    }

    /** Starts on {@code 127.0.0.1:port} (0 picks a free port) with the CMA's per-organisation request limit. */
    public static ContentstackSimulator start(int port, String managementToken, double rateLimitPerSecond) {
        // Without TCP_NODELAY the JDK server's split header/body writes meet delayed ACKs: ~40 ms per request.
        // Read once, when the JVM's first HttpServer is made.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
            ExecutorService executor = Executors.newFixedThreadPool(32, r -> {
                Thread thread = new Thread(r, "cma-simulator");
                thread.setDaemon(true);
                return thread;
            });
            ContentstackSimulator simulator = new ContentstackSimulator(server, executor, managementToken,
                    rateLimitPerSecond);
            server.createContext("/v3/assets", simulator::handle);
            server.setExecutor(executor);
            server.start();
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Contentstack simulator", e);
        }
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- programmatic API for tests, the demo and benchmarks ----

    /** Makes a stack known, so its API key is accepted even before it has assets. */
    public void addStack(String apiKey) {
        stacks.add(apiKey);
    }

    public SimulatedAsset createAsset(String apiKey, String uid, String filename, String contentType) {
        stacks.add(apiKey);
        String host = contentType.startsWith("image/") ? "images.contentstack.io" : "assets.contentstack.io";
        SimulatedAsset asset = new SimulatedAsset(apiKey, uid, filename,
                "https://" + host + "/v3/assets/" + apiKey + "/" + uid + "/0123456789abcdef/" + filename.replace(' ', '_'),
                contentType, Instant.now().toString(), null);
        assets.put(key(apiKey, uid), asset);
        return asset;
    }

    public void deleteAsset(String apiKey, String uid) {
        assets.remove(key(apiKey, uid));
    }

    /** From now on every request with the management token is refused with 401, as after a revocation. */
    public void revokeToken() {
        tokenRevoked = true;
    }

    /** Undoes {@link #revokeToken()}: the operator fixed the credentials. */
    public void restoreToken() {
        tokenRevoked = false;
    }

    public void faults(Faults newFaults) {
        this.faults = newFaults;
        this.random = new Random(newFaults.seed());
    }

    /** Every request about this asset is answered {@code status} (e.g. 503 forever), until cleared with 0. */
    public void forceStatus(String uid, int status) {
        if (status == 0) {
            forcedStatus.remove(uid);
        } else {
            forcedStatus.put(uid, status);
        }
    }

    public String permanentUrl(String apiKey, String uid) {
        SimulatedAsset asset = assets.get(key(apiKey, uid));
        return asset == null ? null : asset.permanentUrl();
    }

    public List<SimulatedAsset> assets() {
        return List.copyOf(assets.values());
    }

    /** Writes that changed the asset: setting its permanent URL. */
    public int writesFor(String uid) {
        return count(writes, uid);
    }

    /** Every {@code PUT} that reached the asset, whatever the answer. */
    public int putCallsFor(String uid) {
        return count(putCalls, uid);
    }

    public int getCallsFor(String uid) {
        return count(getCalls, uid);
    }

    public long requests() {
        return requests.get();
    }

    public long throttled() {
        return throttled.get();
    }

    public long injectedErrors() {
        return injectedErrors.get();
    }

    /** Successful (2xx) writes, including idempotent repeats of the same value. */
    public long successfulWrites() {
        return successfulWrites.get();
    }

    /** {@link System#nanoTime()} of each write that set a permanent URL, for rate measurements. */
    public List<Long> writeTimesNanos() {
        synchronized (writeTimesNanos) {
            return List.copyOf(writeTimesNanos);
        }
    }

    public int rateLimit() {
        return writeBucket.limit();
    }

    private static int count(Map<String, AtomicInteger> counters, String uid) {
        AtomicInteger counter = counters.get(uid);
        return counter == null ? 0 : counter.get();
    }

    private static String key(String apiKey, String uid) {
        return apiKey + "/" + uid;
    }

    // ---- the HTTP API ----

    private void handle(HttpExchange exchange) {
        try (exchange) {
            requests.incrementAndGet();
            if (injectFault(exchange)) {
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            Matcher matcher = ASSET_PATH.matcher(path);
            String uid = matcher.matches() ? matcher.group(1) : null;
            if (uid == null && !path.equals("/v3/assets")) {
                error(exchange, 404, 141, "The requested URL was not found.", Map.of());
                return;
            }
            String apiKey = exchange.getRequestHeaders().getFirst("api_key");
            if (apiKey == null || apiKey.isBlank() || !knownStack(apiKey)) {
                error(exchange, 412, 109, "We couldn't find the API key. Please check and try again.",
                        Map.of("api_key", List.of("is not valid.")));
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("authorization");
            if (tokenRevoked || authorization == null || !authorization.equals(managementToken)) {
                error(exchange, 401, 105, "You're not allowed in here unless you're logged in.",
                        Map.of("authorization", List.of("is not valid.")));
                return;
            }
            if (uid != null && forcedStatus.containsKey(uid)) {
                count(uid, method);
                int status = forcedStatus.get(uid);
                error(exchange, status, status, "Forced failure.", Map.of());
                return;
            }
            boolean write = method.equals("PUT") || method.equals("POST") || method.equals("DELETE");
            TokenBucket bucket = write ? writeBucket : readBucket;
            if (!bucket.tryTake() || random.nextDouble() < faults.throttleRate()) {
                throttled.incrementAndGet();
                exchange.getResponseHeaders().add("X-RateLimit-Limit", Integer.toString(bucket.limit()));
                exchange.getResponseHeaders().add("X-RateLimit-Remaining", "0");
                error(exchange, 429, 429, "Too many requests. Please retry after some time.", Map.of());
                return;
            }
            exchange.getResponseHeaders().add("X-RateLimit-Limit", Integer.toString(bucket.limit()));
            exchange.getResponseHeaders().add("X-RateLimit-Remaining", Integer.toString(bucket.remaining()));
            if (uid == null) {
                if (method.equals("GET")) {
                    list(exchange, apiKey);
                } else {
                    error(exchange, 405, 405, "Method not allowed.", Map.of());
                }
                return;
            }
            count(uid, method);
            switch (method) {
                case "GET" -> get(exchange, apiKey, uid);
                case "PUT" -> put(exchange, apiKey, uid);
                default -> error(exchange, 405, 405, "Method not allowed.", Map.of());
            }
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
    }

    private boolean knownStack(String apiKey) {
        return stacks.contains(apiKey);
    }

    private void count(String uid, String method) {
        Map<String, AtomicInteger> counters = method.equals("PUT") ? putCalls : getCalls;
        counters.computeIfAbsent(uid, u -> new AtomicInteger()).incrementAndGet();
    }

    private boolean injectFault(HttpExchange exchange) throws IOException {
        Faults current = faults;
        if (!current.latency().isZero()) {
            pause(current.latency().toMillis());
        }
        double roll = random.nextDouble();
        if (roll < current.resetRate()) {
            injectedErrors.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            // Closing without a status line: the client sees the connection end mid-exchange.
            exchange.getResponseBody().close();
            return true;
        }
        roll -= current.resetRate();
        if (roll < current.hangRate()) {
            injectedErrors.incrementAndGet();
            pause(current.hang().toMillis());
            exchange.getResponseBody().close();
            return true;
        }
        roll -= current.hangRate();
        if (roll < current.serverErrorRate()) {
            injectedErrors.incrementAndGet();
            int status = new int[] {500, 502, 503}[random.nextInt(3)];
            error(exchange, status, status, "Something went wrong. Please try again later.", Map.of());
            return true;
        }
        return false;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void get(HttpExchange exchange, String apiKey, String uid) throws IOException {
        SimulatedAsset asset = assets.get(key(apiKey, uid));
        if (asset == null) {
            error(exchange, 404, 145, "Asset was not found.", Map.of("uid", List.of("is not valid.")));
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
        byte[] body = exchange.getRequestBody().readAllBytes();
        JsonNode permanentUrl;
        try {
            permanentUrl = json.readTree(body).path("asset").get("permanent_url");
        } catch (IOException e) {
            error(exchange, 400, 141, "The request body is not valid JSON.", Map.of());
            return;
        }
        if (permanentUrl == null || !permanentUrl.isTextual() || !permanentUrl.textValue().startsWith("https://")) {
            error(exchange, 422, 141, "Asset update failed.", Map.of("permanent_url", List.of("is not valid.")));
            return;
        }
        String wanted = permanentUrl.textValue();
        String outcome;
        synchronized (assets) {
            SimulatedAsset asset = assets.get(key(apiKey, uid));
            if (asset == null) {
                error(exchange, 404, 145, "Asset was not found.", Map.of("uid", List.of("is not valid.")));
                return;
            }
            if (asset.permanentUrl() != null && !asset.permanentUrl().equals(wanted)) {
                error(exchange, 422, 141, "Asset update failed.",
                        Map.of("permanent_url", List.of("is already set and cannot be changed.")));
                return;
            }
            if (asset.permanentUrl() == null) {
                asset = asset.withPermanentUrl(wanted);
                assets.put(key(apiKey, uid), asset);
                writes.computeIfAbsent(uid, u -> new AtomicInteger()).incrementAndGet();
                writeTimesNanos.add(System.nanoTime());
                outcome = "Asset updated successfully.";
            } else {
                outcome = "Asset updated successfully.";
            }
            successfulWrites.incrementAndGet();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("notice", outcome);
            answer.put("asset", view(asset));
            respond(exchange, 200, answer);
        }
    }

    private void list(HttpExchange exchange, String apiKey) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        int skip = Math.max(0, parseInt(query.get("skip"), 0));
        int limit = Math.min(100, Math.max(1, parseInt(query.get("limit"), 100)));
        List<SimulatedAsset> stackAssets = assets.values().stream()
                .filter(a -> a.apiKey().equals(apiKey))
                .sorted(Comparator.comparing(SimulatedAsset::createdAt).thenComparing(SimulatedAsset::uid))
                .toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("assets", stackAssets.stream().skip(skip).limit(limit).map(ContentstackSimulator::view).toList());
        if ("true".equals(query.get("include_count"))) {
            answer.put("count", stackAssets.size());
        }
        respond(exchange, 200, answer);
    }

    private static Map<String, Object> view(SimulatedAsset asset) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("uid", asset.uid());
        view.put("created_at", asset.createdAt());
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
