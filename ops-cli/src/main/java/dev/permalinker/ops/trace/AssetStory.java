package dev.permalinker.ops.trace;

import dev.permalinker.ledger.AssetLookup;
import dev.permalinker.ops.DlqMessage;
import dev.permalinker.ops.trace.TraceSources.Execution;
import dev.permalinker.ops.trace.TraceSources.QueueView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a trace found about one asset. A part that could not be read is {@code null} (a list: empty) and its
 * reason is in {@code gaps}, keyed by the part's name ({@code cma}, {@code logs}, {@code dlq}, {@code queue},
 * {@code executions}).
 *
 * @param from       the start of the window searched (now minus {@code --since})
 * @param ledger     the asset's row in the asset ledger, read first: the backbone of the story; {@code null} when
 *                   the ledger is not configured or could not be read (then a gap {@code ledger})
 * @param timeline   what happened, oldest first: the CMA's creation time, Contentstack's deliveries, our events,
 *                   the dead letter
 */
public record AssetStory(String assetUid, String apiKey, String branch, Instant from, Instant to,
                         AssetLookup ledger, Cma cma,
                         List<LogEvent> events, List<DlqMessage> deadLetters, QueueView queue,
                         List<Execution> executions, List<Entry> timeline, Map<String, String> gaps,
                         String logSource, Verdict verdict) {

    /**
     * The asset as the CMA has it now.
     *
     * @param exists       {@code false}: the CMA answered "not found" (cma-client's {@code CmaAnswer.Kind.MISSING}, as
     *                     the worker reads it: 404, 422 with {@code error_code} 145, 141 on the uid…)
     * @param permanentUrl {@code permanent_url}, or {@code null}
     * @param expectedUrl  the URL the rule ({@code PermanentUrl}) computes for it today, or {@code null}
     */
    public record Cma(boolean exists, String permanentUrl, String expectedUrl, Instant createdAt, String filename) {
        public boolean urlSet() {
            return permanentUrl != null;
        }

        public boolean urlMatchesRule() {
            return permanentUrl != null && permanentUrl.equals(expectedUrl);
        }
    }

    /** One line of the story. {@code source}: {@code cma}, {@code contentstack}, {@code ingest}, {@code worker}… */
    public record Entry(Instant at, String source, String text) {
    }
}
