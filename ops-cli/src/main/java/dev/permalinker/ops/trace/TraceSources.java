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
     * @param statusCode the last attempt's HTTP status, or {@code null} when no answer came
     * @param attempts   requests made (first delivery and retries)
     */
    public record Execution(Instant at, String webhook, Integer statusCode, int attempts, String status) {
    }
}
