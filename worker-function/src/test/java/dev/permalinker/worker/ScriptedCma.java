package dev.permalinker.worker;

import dev.permalinker.cma.CmaResponse;
import dev.permalinker.cma.ContentstackApi;
import dev.permalinker.model.JsonCodec;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A CMA that answers from a script and records every call; an empty script answers 200; assets in
 * {@code alwaysUnavailable} always get 503. Thread-safe, for parallel groups.
 */
final class ScriptedCma implements ContentstackApi {
    /** Stands for "no answer": the call throws a timeout. */
    static final int TIMEOUT = -1;
    private static final JsonCodec JSON = JsonCodec.create();

    final Deque<CmaResponse> puts = new ArrayDeque<>();
    final Deque<CmaResponse> gets = new ArrayDeque<>();
    final List<String> calls = new ArrayList<>();
    final java.util.Set<String> alwaysUnavailable = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ScriptedCma put(int... statuses) {
        for (int status : statuses) {
            puts.add(CmaResponse.of(status, "{\"error_message\":\"status " + status + "\"}", JSON));
        }
        return this;
    }

    ScriptedCma get(int status, String body) {
        gets.add(CmaResponse.of(status, body, JSON));
        return this;
    }

    @Override
    public synchronized CmaResponse setPermanentUrl(String apiKey, String branch, String assetUid, String permanentUrl,
                                                    Duration timeout) throws IOException {
        calls.add("PUT " + assetUid + " " + permanentUrl);
        if (alwaysUnavailable.contains(assetUid)) {
            return CmaResponse.of(503, "{}", JSON);
        }
        return answer(puts.poll(), "{\"asset\":{\"uid\":\"" + assetUid + "\",\"permanent_url\":\"" + permanentUrl
                + "\"}}");
    }

    @Override
    public synchronized CmaResponse getAsset(String apiKey, String branch, String assetUid,
            Duration timeout) throws IOException {
        calls.add("GET " + assetUid);
        return answer(gets.poll(), "{\"asset\":{\"uid\":\"" + assetUid + "\"}}");
    }

    private static CmaResponse answer(CmaResponse scripted, String okBody) throws IOException {
        if (scripted == null) {
            return CmaResponse.of(200, okBody, JSON);
        }
        if (scripted.status() == TIMEOUT) {
            throw new SocketTimeoutException("scripted timeout");
        }
        return scripted;
    }
}
