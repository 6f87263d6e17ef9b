package dev.permalinker.cma;

import dev.permalinker.model.Identifiers;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Builds and sends CMA requests: the stack ({@code api_key}), the management token ({@code authorization}) and the
 * {@code branch} header, sent for every branch but {@code main}. Shared by the worker's client and the operator's
 * asset listing. Never logs or prints the token.
 *
 * <p>Every call is bounded as a whole, not just until the headers arrive: the request's timeout covers the exchange
 * up to the last byte of the body (the JDK's own request timeout ends when the headers are in, so a server or proxy
 * that stalls its body would hold the caller until the Lambda timed out), and the body is read up to a byte limit
 * chosen per kind of call ({@link CmaLimits}). Either bound drops the connection and throws an {@link IOException}
 * ({@link HttpTimeoutException}, {@link CmaAnswerTooLargeException}): no answer, as for a reset.
 *
 * <p>Headers: https://www.contentstack.com/docs/developers/apis/content-management-api#authentication
 */
final class CmaRequests {
    /** For a request built without a timeout (every request of {@link #request} has one). */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI baseUrl;
    private final ManagementTokens tokens;
    private final JsonCodec json;
    private final CmaCallListener listener;

    CmaRequests(HttpClient http, URI baseUrl, ManagementTokens tokens, JsonCodec json, CmaCallListener listener) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.json = json;
        this.listener = listener;
    }

    static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A request with the stack, token and branch headers; {@code pathAndQuery} holds only safe values. */
    HttpRequest.Builder request(String apiKey, String branch, String pathAndQuery, Duration timeout) {
        if (!Identifiers.isSafe(apiKey) || !Identifiers.isSafe(branch)) {
            throw new IllegalArgumentException("api key and branch must match " + Identifiers.SAFE_ID);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(pathAndQuery))
                .timeout(timeout)
                .header("api_key", apiKey)
                .header("Accept", "application/json");
        try {
            builder.header("authorization", tokens.tokenFor(apiKey));
        } catch (IllegalArgumentException e) {
            // The JDK's message quotes the refused value ("invalid header value: …"): the token. ManagementTokens
            // refuses such a token at init already; should one get past it, only the stack is named.
            throw new IllegalArgumentException("the management token for the stack " + apiKey + " cannot be sent in "
                    + "an HTTP header (value not shown)");
        }
        if (!Identifiers.DEFAULT_BRANCH.equals(branch)) {
            builder.header("branch", branch);
        }
        return builder;
    }

    /**
     * Sends {@code request} and reads its whole answer within the request's timeout and {@code maxBodyBytes}.
     *
     * @throws HttpTimeoutException        when the headers or the whole body did not arrive in time
     * @throws CmaAnswerTooLargeException  when the body is larger than {@code maxBodyBytes}
     * @throws IOException                 when there is no answer for another reason (refused, reset)
     */
    CmaResponse send(HttpRequest request, long maxBodyBytes) throws IOException {
        long started = System.nanoTime();
        Duration timeout = request.timeout().orElse(DEFAULT_TIMEOUT);
        String call = request.method() + " " + request.uri().getPath();
        LimitedBody body = new LimitedBody(call, maxBodyBytes);
        CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request, body);
        HttpResponse<String> response;
        try {
            response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abort(exchange, body);
            listener.failed(System.nanoTime() - started);
            throw new HttpTimeoutException("no whole answer to " + call + " within " + timeout);
        } catch (ExecutionException e) {
            listener.failed(System.nanoTime() - started);
            throw noAnswer(call, e.getCause());
        } catch (InterruptedException e) {
            abort(exchange, body);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling the CMA", e);
        }
        listener.answered(response.statusCode(), System.nanoTime() - started);
        var headers = response.headers();
        return CmaResponse.of(response.statusCode(), response.body(), json,
                headers.firstValue("Retry-After").flatMap(CmaRequests::seconds),
                integer(headers.firstValue("X-RateLimit-Limit")),
                integer(headers.firstValue("X-RateLimit-Remaining")));
    }

    /** Stops an exchange that is still running: its body stream is cancelled, which closes the connection. */
    private static void abort(CompletableFuture<?> exchange, LimitedBody body) {
        body.cancel();
        exchange.cancel(true);
    }

    /** The exchange's failure as the {@link IOException} it is (the JDK may wrap it), or one naming its type. */
    private static IOException noAnswer(String call, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CmaAnswerTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        if (failure instanceof IOException io) {
            return io;
        }
        return new IOException(call + " failed: " + (failure == null ? "unknown" : failure.getClass().getSimpleName()),
                failure);
    }

    JsonCodec json() {
        return json;
    }

    URI baseUrl() {
        return baseUrl;
    }

    /**
     * Reads a body as UTF-8 text up to a byte limit: a {@code Content-Length} above it, or a body that grows past it,
     * cancels the stream (the connection is dropped) and fails with {@link CmaAnswerTooLargeException}.
     */
    static final class LimitedBody implements HttpResponse.BodyHandler<String> {
        private final String call;
        private final long maxBytes;
        private volatile Subscriber subscriber;

        LimitedBody(String call, long maxBytes) {
            this.call = call;
            this.maxBytes = maxBytes;
        }

        @Override
        public HttpResponse.BodySubscriber<String> apply(HttpResponse.ResponseInfo info) {
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            subscriber = new Subscriber(declared > maxBytes);
            return subscriber;
        }

        void cancel() {
            Subscriber current = subscriber;
            if (current != null) {
                current.cancel();
            }
        }

        private final class Subscriber implements HttpResponse.BodySubscriber<String> {
            private final CompletableFuture<String> result = new CompletableFuture<>();
            private final List<ByteBuffer> received = new ArrayList<>();
            private final boolean declaredTooLarge;
            private volatile Flow.Subscription subscription;
            private long size;

            Subscriber(boolean declaredTooLarge) {
                this.declaredTooLarge = declaredTooLarge;
            }

            @Override
            public CompletionStage<String> getBody() {
                return result;
            }

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                if (declaredTooLarge) {
                    tooLarge();
                } else {
                    subscription.request(Long.MAX_VALUE);
                }
            }

            @Override
            public void onNext(List<ByteBuffer> items) {
                if (result.isDone()) {
                    return;
                }
                for (ByteBuffer item : items) {
                    size += item.remaining();
                    if (size > maxBytes) {
                        tooLarge();
                        return;
                    }
                    ByteBuffer copy = ByteBuffer.allocate(item.remaining());
                    copy.put(item).flip();
                    received.add(copy);
                }
            }

            @Override
            public void onError(Throwable error) {
                result.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                if (result.isDone()) {
                    return;
                }
                byte[] bytes = new byte[(int) size];
                int at = 0;
                for (ByteBuffer buffer : received) {
                    int length = buffer.remaining();
                    buffer.get(bytes, at, length);
                    at += length;
                }
                received.clear();
                result.complete(new String(bytes, StandardCharsets.UTF_8));
            }

            private void tooLarge() {
                received.clear();
                subscription.cancel();
                result.completeExceptionally(new CmaAnswerTooLargeException(call, maxBytes));
            }

            void cancel() {
                Flow.Subscription current = subscription;
                if (current != null) {
                    current.cancel();
                }
                result.cancel(false);
            }
        }
    }

    private static Optional<Duration> seconds(String value) {
        OptionalInt parsed = integer(Optional.of(value));
        return parsed.isPresent() ? Optional.of(Duration.ofSeconds(parsed.getAsInt())) : Optional.empty();
    }

    private static OptionalInt integer(Optional<String> value) {
        try {
            return value.isPresent() ? OptionalInt.of(Integer.parseInt(value.get().trim())) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
