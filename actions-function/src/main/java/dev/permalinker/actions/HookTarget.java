package dev.permalinker.actions;

import dev.permalinker.model.JsonCodec;
import dev.permalinker.model.ReleaseAction;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POSTs a settled release to {@code RELEASE_HOOK_URL} (a static site's build hook, or any endpoint): a small JSON
 * body {@code {"kind","apiKey","branch","releaseUid","title","environment","firstSeenAt","lastSeenAt","events"}},
 * header {@code Idempotency-Key} (the same for every attempt of one action) and, when configured, the shared secret
 * in {@code X-Permalinker-Secret}. Any 2xx is success; anything else, a timeout or a reset is a failure to retry.
 * Neither the URL's path nor the secret is ever logged.
 */
public final class HookTarget implements ActionTarget {
    public static final String SECRET_HEADER = "X-Permalinker-Secret";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private final HttpClient http;
    private final URI url;
    private final String secret;
    private final Duration timeout;
    private final JsonCodec json;

    public HookTarget(HttpClient http, URI url, String secret, Duration timeout, JsonCodec json) {
        this.http = http;
        this.url = url;
        this.secret = secret;
        this.timeout = timeout;
        this.json = json;
    }

    /** A target with its own HTTP client (HTTP/1.1, the connect timeout of one call). */
    public static HookTarget create(URI url, String secret, Duration timeout, JsonCodec json) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new HookTarget(http, url, secret, timeout, json);
    }

    /** The hook's JSON body. */
    public static Map<String, Object> body(ReleaseAction action) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", action.kind());
        body.put("apiKey", action.apiKey());
        body.put("branch", action.branch());
        body.put("releaseUid", action.releaseUid());
        body.put("title", action.title());
        body.put("environment", action.environment());
        body.put("firstSeenAt", action.firstSeenAt());
        body.put("lastSeenAt", action.lastSeenAt());
        body.put("events", action.events());
        return body;
    }

    @Override
    public void perform(ReleaseAction action) throws ActionFailedException {
        HttpResponse<InputStream> response;
        try {
            // Built inside the try: the JDK refuses a header value it cannot send with a message that quotes it
            // ("invalid header value: …"), and the secret is one (caught below, only the type kept).
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Permalinker")
                    .header(IDEMPOTENCY_HEADER, action.actionId())
                    .POST(HttpRequest.BodyPublishers.ofString(json.write(body(action))));
            if (secret != null) {
                request.header(SECRET_HEADER, secret);
            }
            // The status is all we need: the body is not read (closed unread), so a hook that sends its headers and
            // then stalls its body cannot hold the invocation past the timeout, which covers the headers only.
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
        } catch (IOException e) {
            throw new ActionFailedException("hook " + url.getHost() + ": " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailedException("hook " + url.getHost() + ": interrupted", e);
        } catch (IllegalArgumentException e) {
            // The client refuses some URLs only when sending (a port out of range), and a header value it cannot
            // send: a failed action, not a crash of the whole batch. Its message may quote the URL or the secret,
            // so only the type is kept.
            throw new ActionFailedException("hook " + url.getHost() + ": " + e.getClass().getSimpleName(), null);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ActionFailedException("hook " + url.getHost() + " answered HTTP " + response.statusCode(),
                    null);
        }
    }

    @Override
    public String id() {
        return "hook";
    }

    @Override
    public String describe() {
        return "hook " + url.getHost();
    }
}
