package dev.permalinker.cma;

import java.io.IOException;

/**
 * The CMA's answer was larger than the call's byte limit ({@link CmaLimits}): not read, the connection dropped. An
 * {@link IOException}, like a reset in the middle of a body: there is no usable answer, and every caller already
 * treats that as transient (the worker retries with backoff and the queue delivers again; the reconciler counts a
 * failed read). The limits sit far above any answer the CMA documents, so what trips one is a proxy's or a broken
 * server's answer, which may well be gone on the next try; a write that did land is found by the next try's read.
 */
public final class CmaAnswerTooLargeException extends IOException {
    public CmaAnswerTooLargeException(String call, long limit) {
        super("the answer to " + call + " exceeds " + limit + " bytes; not read");
    }
}
