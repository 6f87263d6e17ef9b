package dev.permalinker.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the ingest made of one request: queued, ignored on purpose, or refused with a reason. */
public sealed interface IngestResult {

    int status();

    /** The JSON answer's content, in a stable key order. */
    Map<String, Object> body();

    /** The outcome as logged: {@code queued}, {@code ignored} or the error's wire code. */
    String outcome();

    /** Enqueued (or recognised by SQS as a duplicate inside its window, which is just as done). */
    record Queued(String assetUid) implements IngestResult {
        public int status() {
            return 202;
        }

        public Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "queued");
            body.put("assetUid", assetUid);
            return body;
        }

        public String outcome() {
            return "queued";
        }
    }

    /**
     * A webhook of a release (or bulk publish) queued on the actions queue: {@code 202 {"status":"queued",
     * "releaseUid":…}}, or {@code "bulkEnvironment":…} for a bulk publish without a release.
     *
     * @param key the group as an operator reads it ({@code apiKey/branch/releaseUid}), logged only
     */
    record QueuedRelease(String releaseUid, String bulkEnvironment, String key) implements IngestResult {
        public int status() {
            return 202;
        }

        public Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "queued");
            if (bulkEnvironment != null) {
                body.put("bulkEnvironment", bulkEnvironment);
            } else {
                body.put("releaseUid", releaseUid);
            }
            return body;
        }

        public String outcome() {
            return "queued_release";
        }
    }

    /** Authentic and valid, but not an asset creation: 200 so Contentstack does not retry it. */
    record Ignored(String reason) implements IngestResult {
        public int status() {
            return 200;
        }

        public Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "ignored");
            body.put("reason", reason);
            return body;
        }

        public String outcome() {
            return "ignored";
        }
    }

    /** Refused; {@code message} is safe to show the sender: it never echoes secrets or the body. */
    record Rejected(ErrorCode code, String message) implements IngestResult {
        public int status() {
            return code.status();
        }

        public Map<String, Object> body() {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", code.wire());
            error.put("message", message);
            return Map.of("error", error);
        }

        public String outcome() {
            return code.wire();
        }
    }
}
