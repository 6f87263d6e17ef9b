package dev.permalinker.ops.trace;

import dev.permalinker.cma.CmaResponse;
import dev.permalinker.ops.DlqMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** The read-only questions a trace asks, one interface each, so the story is told the same from any source. */
public final class TraceSources {
    private TraceSources() {
    }

    /** {@code GET /v3/assets/{uid}} of the stack and branch. */
    @FunctionalInterface
    public interface AssetLookup {
        CmaResponse getAsset(String apiKey, String branch, String assetUid) throws IOException;
    }

    /** The dead letters of one asset, looked at without being consumed. */
    @FunctionalInterface
    public interface DeadLetters {
        List<DlqMessage> forAsset(String assetUid);
    }

    /** The asset's row in the asset ledger: one read. */
    @FunctionalInterface
    public interface LedgerRows {
        dev.permalinker.ledger.AssetLookup find(String apiKey, String branch, String assetUid);
    }

    /** The queues' approximate counts. */
    @FunctionalInterface
    public interface QueueCounts {
        QueueView counts();
    }

    /** Contentstack's webhook executions that mention the asset, from {@code from} on. */
    @FunctionalInterface
    public interface Executions {
        List<Execution> forAsset(String apiKey, String branch, String assetUid, Instant from);
    }

    /** Job queue and DLQ, visible and in flight; {@code dlqVisible} is -1 when no DLQ was given. */
    public record QueueView(int visible, int inFlight, int dlqVisible, int dlqInFlight) {
    }

    /**
     * One delivery of a webhook by Contentstack, as its execution log tells it.
     *
     * @param statusCode the last attempt's HTTP status, or {@code null} when no answer came or the log does not say
     * @param attempts   requests made (first delivery and retries)
     * @param tried      each attempt as Contentstack logged it, in order (empty when the log has no details)
     */
    public record Execution(Instant at, String webhook, Integer statusCode, int attempts, String status,
                            List<Attempt> tried) {
        public Execution {
            tried = List.copyOf(tried);
        }

        public Execution(Instant at, String webhook, Integer statusCode, int attempts, String status) {
            this(at, webhook, statusCode, attempts, status, List.of());
        }
    }

    /**
     * One attempt of an execution.
     *
     * @param at      when it was sent, or {@code null} when the log does not say
     * @param number  0 for the first delivery, then each retry
     * @param outcome the status code, or the network error's code and message, and the body's first line
     *                ({@code ECONNRESET (read ECONNRESET)}, {@code 503 "Service Unavailable"}, {@code unknown})
     */
    public record Attempt(Instant at, int number, String outcome) {
    }
}
