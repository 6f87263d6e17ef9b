package dev.permalinker.simulator;

import com.sun.net.httpserver.HttpServer;
import dev.permalinker.model.JsonCodec;
import dev.permalinker.signing.CertificateSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stateful Contentstack on loopback: the Content Management API's asset routes (permanent URLs, header checks,
 * the organisation's rate limits, injected faults) and the webhook signing key Contentstack publishes, with
 * counters and a request log a test can assert on.
 *
 * <p>What is a documented Contentstack fact and what is an assumption is listed in this module's README.
 */
public final class ContentstackSimulator implements AutoCloseable {
    static final String PUBLIC_KEYS_PATH = "/.well-known/public-keys.json";
    /** The highest TCP port: a saved port above it is a damaged file, and the stack takes a free one. */
    private static final int MAX_PORT = 65_535;

    private final HttpServer server;
    private final ExecutorService executor;
    private final String defaultToken;
    private final AssetStore store = new AssetStore();
    private final FaultInjector faults = new FaultInjector();
    private final OrganisationLimits limits;
    private final SigningKeys signingKeys = new SigningKeys();
    private final List<ReceivedRequest> received = Collections.synchronizedList(new ArrayList<>());
    private final CmaRoutes routes;
    private final WebhookStore webhooks = new WebhookStore(store::now);
    private final WebhookRoutes webhookRoutes;
    private final WebhookSender sender;
    /** Saves the state one last time and stops saving; nothing for a simulator that is not persistent. */
    private volatile Runnable persistence = () -> { };

    private ContentstackSimulator(HttpServer server, ExecutorService executor, String defaultToken,
                                  double rateLimitPerSecond) {
        this.server = server;
        this.executor = executor;
        this.defaultToken = defaultToken;
        this.limits = new OrganisationLimits(rateLimitPerSecond);
        this.routes = new CmaRoutes(store, faults, limits, JsonCodec.create(), received::add);
        this.webhookRoutes = new WebhookRoutes(webhooks, store, limits, JsonCodec.create(), received::add, routes);
        this.sender = new WebhookSender(webhooks, signingKeys, JsonCodec.create(), store::now);
        this.routes.uploads(new AssetUploads(store, JsonCodec.create(), sender::assetCreated));
    }

    /**
     * Starts on {@code 127.0.0.1:port} (0 picks a free port) with the organisation's request limit per second;
     * {@code managementToken} is the token of every stack added without one of its own.
     */
    public static ContentstackSimulator start(int port, String managementToken, double rateLimitPerSecond) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
            ExecutorService executor = Executors.newFixedThreadPool(32, r -> {
                Thread thread = new Thread(r, "cma-simulator");
                thread.setDaemon(true);
                return thread;
            });
            ContentstackSimulator simulator = new ContentstackSimulator(server, executor, managementToken,
                    rateLimitPerSecond);
            server.createContext("/v3/assets", simulator.routes::handle);
            server.createContext("/v3/webhooks", simulator.webhookRoutes::handle);
            server.createContext(PUBLIC_KEYS_PATH, exchange -> {
                try (exchange) {
                    simulator.signingKeys.countFetch();
                    simulator.routes.respond(exchange, 200, Map.of("signing-key",
                            simulator.signingKeys.publicKeyPem()));
                }
            });
            server.setExecutor(executor);
            server.start();
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Contentstack simulator", e);
        }
    }

    /**
     * A simulator whose stacks, assets, webhooks and signing key outlive the process: kept in {@code stateFile}
     * (owner-only; written within a second of a change and when closed) and restored from it on the next start, on
     * the port it used before when that port is free. New stacks get {@code managementToken}. Executions, counters
     * and faults start empty. Keeping a simulated stack across processes is ours (README: an assumption).
     */
    public static ContentstackSimulator startPersistent(Path stateFile, String managementToken,
                                                        double rateLimitPerSecond) {
        JsonCodec json = JsonCodec.create();
        SimulatorState saved = Files.exists(stateFile) ? SimulatorState.read(stateFile, json) : null;
        ContentstackSimulator simulator;
        if (saved != null && saved.port() > 0 && saved.port() <= MAX_PORT) {
            try {
                simulator = start(saved.port(), managementToken, rateLimitPerSecond);
            } catch (UncheckedIOException e) {
                // Its old port is taken now: the stack moves, its URL is printed again.
                simulator = start(0, managementToken, rateLimitPerSecond);
            }
        } else {
            simulator = start(0, managementToken, rateLimitPerSecond);
        }
        if (saved != null) {
            try {
                simulator.restore(saved);
            } catch (RuntimeException e) {
                // A field the read could not judge (a key that is no RSA key, a null entry): nothing is served.
                simulator.close();
                throw new IllegalStateException("the simulated stack in " + stateFile + " cannot be read ("
                        + (e.getMessage() == null || e instanceof NullPointerException ? "an empty entry"
                        : e.getMessage()) + "); move it away to start a new one", e);
            }
        }
        simulator.persistTo(stateFile, json);
        return simulator;
    }

    private void restore(SimulatorState state) {
        state.stacks().forEach(store::addStack);
        state.assets().forEach(store::restore);
        state.webhooks().forEach(webhooks::restore);
        webhooks.ids(state.webhookIds());
        signingKeys.restore(state.signingKey());
    }

    private SimulatorState state() {
        return new SimulatorState(SimulatorState.VERSION, server.getAddress().getPort(), store.stacks(),
                store.all().stream().sorted(Comparator.comparing(SimulatedAsset::apiKey)
                        .thenComparing(SimulatedAsset::uid)).toList(),
                webhooks.all(), webhooks.ids(), signingKeys.privateKeyPem());
    }

    private void persistTo(Path stateFile, JsonCodec json) {
        ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "simulator-state");
            thread.setDaemon(true);
            return thread;
        });
        AtomicReference<SimulatorState> written = new AtomicReference<>();
        Runnable save = () -> {
            SimulatorState now = state();
            if (!now.equals(written.get())) {
                try {
                    now.write(stateFile, json);
                    written.set(now);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot save the simulated stack to " + stateFile, e);
                }
            }
        };
        save.run();
        saver.scheduleWithFixedDelay(() -> {
            try {
                save.run();
            } catch (RuntimeException e) {
                // Tried again on the next tick, and once more when closed.
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        this.persistence = () -> {
            saver.shutdownNow();
            save.run();
        };
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Where the simulated app host publishes the webhook signing key ({@code CS_SIGNING_KEY_URL}). */
    public URI signingKeyUrl() {
        return baseUrl().resolve(PUBLIC_KEYS_PATH);
    }

    @Override
    public void close() {
        try {
            persistence.run();
        } finally {
            sender.close();
            server.stop(0);
            executor.shutdownNow();
        }
    }

    // ---- stacks and assets ----

    /** Makes a stack known, with the default management token, so its API key is accepted. */
    public void addStack(String apiKey) {
        store.addStackIfAbsent(apiKey, defaultToken);
    }

    /** Makes a stack known with its own management token. */
    public void addStack(String apiKey, String managementToken) {
        store.addStack(apiKey, managementToken);
    }

    /** An asset with a delivery URL on the NA images or assets host, like Contentstack's. */
    public SimulatedAsset createAsset(String apiKey, String uid, String filename, String contentType) {
        String host = contentType.startsWith("image/") ? "images.contentstack.io" : "assets.contentstack.io";
        return createAsset(apiKey, uid, filename, contentType, "https://" + host + "/v3/assets/" + apiKey + "/" + uid
                + "/0123456789abcdef/" + filename.replace(' ', '_'));
    }

    public SimulatedAsset createAsset(String apiKey, String uid, String filename, String contentType, String url) {
        addStack(apiKey);
        return created(store.create(apiKey, uid, filename, url, contentType));
    }

    /** A new asset's webhooks go out to the stack's listening webhooks (none configured: nothing is sent). */
    private SimulatedAsset created(SimulatedAsset asset) {
        sender.assetCreated(asset, "main");
        return asset;
    }

    /** An asset created at {@code createdAt} (its {@code created_at}), e.g. an hour ago or yesterday. */
    public SimulatedAsset createAsset(String apiKey, String uid, String filename, String contentType,
                                      Instant createdAt) {
        addStack(apiKey);
        String host = contentType.startsWith("image/") ? "images.contentstack.io" : "assets.contentstack.io";
        return created(store.create(apiKey, uid, filename, "https://" + host + "/v3/assets/" + apiKey + "/" + uid
                + "/0123456789abcdef/" + filename.replace(' ', '_'), contentType, createdAt));
    }

    /** The clock assets and webhooks take their {@code created_at} and {@code updated_at} from (default: UTC now). */
    public void clock(Clock clock) {
        store.clock(clock);
    }

    /** Sets an asset's permanent URL directly, as an earlier run of the pipeline would have (counted as a write). */
    public void setPermanentUrl(String apiKey, String uid, String permanentUrl) {
        store.setPermanentUrl(apiKey, uid, permanentUrl);
    }

    public void deleteAsset(String apiKey, String uid) {
        store.delete(apiKey, uid);
    }

    public String permanentUrl(String apiKey, String uid) {
        SimulatedAsset asset = store.get(apiKey, uid);
        return asset == null ? null : asset.permanentUrl();
    }

    public List<SimulatedAsset> assets() {
        return store.all();
    }

    // ---- webhooks ----

    /** Configures a webhook on the stack, as a person would in Settings &gt; Webhooks; returns it with its uid. */
    public SimulatedWebhook addWebhook(String apiKey, WebhookSpec spec) {
        addStack(apiKey);
        return webhooks.add(apiKey, spec);
    }

    /**
     * Replaces a webhook's settings, as {@code PUT /v3/webhooks/{uid}} does (enabling it clears the breaker's mark);
     * returns it as it stands now, or {@code null} when there is no such webhook.
     */
    public SimulatedWebhook updateWebhook(String uid, WebhookSpec spec) {
        return webhooks.update(uid, spec);
    }

    /** The webhook as it stands now, or {@code null}. */
    public SimulatedWebhook webhook(String uid) {
        return webhooks.get(uid);
    }

    public List<SimulatedWebhook> webhooks() {
        return webhooks.all();
    }

    /** Disables the webhook and marks it unhealthy, as Contentstack's circuit breaker does after ten failures. */
    public SimulatedWebhook tripCircuitBreaker(String uid) {
        for (int i = 0; i < WebhookStore.CIRCUIT_BREAKER_THRESHOLD && !webhooks.get(uid).disabled(); i++) {
            webhooks.countFailure(uid);
        }
        return webhooks.get(uid);
    }

    /**
     * Logs a finished execution of the webhook for an asset creation, with one attempt per status (0: no answer),
     * without sending anything: for tests of what reads the executions.
     */
    public SimulatedExecution recordExecution(String webhookUid, String assetUid, int... statuses) {
        List<Map.Entry<Integer, String>> answers = new ArrayList<>();
        for (int status : statuses) {
            answers.add(Map.entry(status, status == 0 ? "read ECONNRESET" : ""));
        }
        return recordExecution(webhookUid, assetUid, answers);
    }

    /**
     * Logs a finished execution with one attempt per answer: a status and its response body, or status 0 and the
     * network error's message ({@code read ECONNRESET}), as Contentstack's log shows a failure without an answer.
     */
    public SimulatedExecution recordExecution(String webhookUid, String assetUid,
                                              List<Map.Entry<Integer, String>> answers) {
        SimulatedWebhook webhook = webhooks.get(webhookUid);
        String event = JsonCodec.create().write(Map.of("module", "asset", "event", "create", "api_key",
                webhook.apiKey(), "data", Map.of("asset", Map.of("uid", assetUid)),
                "triggered_at", Timestamps.format(store.now())));
        String uid = webhooks.newExecution(webhookUid, webhook.apiKey(), WebhookSpec.ASSETS_CREATE, assetUid, event);
        answers.forEach(answer -> webhooks.addAttempt(uid, answer.getKey(), answer.getValue()));
        webhooks.finish(uid);
        return webhooks.execution(uid);
    }

    /** The webhook's executions, newest first. */
    public List<SimulatedExecution> executions(String webhookUid) {
        return webhooks.executions(webhookUid);
    }

    /** Every execution of every webhook, in the order they began. */
    public List<SimulatedExecution> executions() {
        return webhooks.allExecutions();
    }

    /** How webhooks are delivered from now on: Contentstack's timings, scaled for tests (default: as documented). */
    public void webhookDelivery(WebhookDelivery delivery) {
        sender.delivery(delivery);
    }

    /** The organisation's HMAC signing keys: each delivery then carries {@code x-contentstack-hmac-signature} too. */
    public void hmacSigningKeys(String... keys) {
        sender.hmacKeys(List.of(keys));
    }

    /** Executions not finished yet: waiting for the delivery budget, in flight, or waiting for a retry. */
    public int pendingWebhookDeliveries() {
        return sender.pending();
    }

    // ---- behaviour ----

    /** From now on every request with a management token is refused with 401, as after a revocation. */
    public void revokeToken() {
        routes.revokeTokens(true);
    }

    /** Undoes {@link #revokeToken()}: the operator fixed the credentials. */
    public void restoreToken() {
        routes.revokeTokens(false);
    }

    public void faults(Faults newFaults) {
        faults.set(newFaults);
    }

    /** Every request about this asset is answered {@code status} (e.g. 503 forever), until cleared with 0. */
    public void forceStatus(String uid, int status) {
        faults.force(uid, status);
    }

    /**
     * The next write that sets this asset's URL is applied at once but answered only after {@code hold}: the window
     * in which a client that dies has written without knowing it.
     */
    public void holdAnswerAfterWrite(String uid, java.time.Duration hold) {
        faults.holdAnswerAfterWrite(uid, hold);
    }

    /** How a missing asset is answered: 422 with {@code error_code} 145 (the default, as Contentstack) or 404. */
    public void missingAssetStatus(int status) {
        missingAsset(status == 404 ? ErrorShapes.MissingAsset.NOT_FOUND_404
                : ErrorShapes.MissingAsset.ASSET_NOT_FOUND_145);
    }

    /** How a missing asset is answered (422/145 by default, 422/141, 404). */
    public void missingAsset(ErrorShapes.MissingAsset answer) {
        routes.shapes().missingAsset(answer);
    }

    /** The shape of every error body (standard by default; without error_code; message only; not JSON). */
    public void errorBodies(ErrorShapes.Body shape) {
        routes.shapes().body(shape);
    }

    /** Starts another client of the organisation spending {@code ratePerSecond} of the write budget. */
    public CompetingClient startCompetingClient(double ratePerSecond) {
        return new CompetingClient(limits.writes(), ratePerSecond);
    }

    /** The webhook signing key pair, to sign webhooks as Contentstack and to rotate. */
    public SigningKeys signingKeys() {
        return signingKeys;
    }

    /** A body signed with the current key: the {@value CertificateSignature#HEADER} value. */
    public String signCertificate(byte[] body) {
        return CertificateSignature.sign(signingKeys.current().getPrivate(), body);
    }

    // ---- counters ----

    /** Every CMA request received, in order, with the headers that matter. */
    public List<ReceivedRequest> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Writes that changed the asset: setting its permanent URL. */
    public int writesFor(String uid) {
        return store.writesFor(uid);
    }

    /** Every {@code PUT} that reached the asset, whatever the answer. */
    public int putCallsFor(String uid) {
        return store.putCallsFor(uid);
    }

    public int getCallsFor(String uid) {
        return store.getCallsFor(uid);
    }

    public long requests() {
        return routes.requests();
    }

    public long throttled() {
        return limits.throttled();
    }

    public long injectedErrors() {
        return faults.injected();
    }

    /** Successful (2xx) writes, including idempotent repeats of the same value. */
    public long successfulWrites() {
        return store.successfulWrites();
    }

    /** {@link System#nanoTime()} of each write that set a permanent URL, for rate measurements. */
    public List<Long> writeTimesNanos() {
        return store.writeTimesNanos();
    }

    public int rateLimit() {
        return limits.writes().limit();
    }
}
