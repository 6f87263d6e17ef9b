package dev.permalinker.simulator;

import java.util.List;

/**
 * One execution of a webhook: an event and its delivery attempts (the first, then each retry), as
 * {@code GET /v3/webhooks/{uid}/executions} lists it.
 *
 * @param eventData the event as first sent (without the signature)
 * @param status    the last attempt's HTTP status; 0 while none has answered (no answer is logged as 0 too)
 * @param finished  no further attempt will be made (2xx, retries spent, manual policy, or the webhook disabled)
 */
public record SimulatedExecution(String uid, String webhookUid, String apiKey, String channel, String assetUid,
                                 String createdAt, String eventData, List<Attempt> attempts, int status,
                                 boolean finished) {

    /** One delivery attempt: {@code retryNumber} 0 is the first; {@code status} 0 means no answer. */
    public record Attempt(int retryNumber, int status, String at, String body) {
    }

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }

    public int retryCount() {
        return Math.max(0, attempts.size() - 1);
    }
}
