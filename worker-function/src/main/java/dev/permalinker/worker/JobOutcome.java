package dev.permalinker.worker;

import dev.permalinker.model.FailureCode;

/** What became of one job in one invocation. */
public sealed interface JobOutcome {

    int attempts();

    /** The asset has its permanent URL: {@code written} by this call, or found already set. */
    record Done(String permanentUrl, boolean written, int attempts) implements JobOutcome {
    }

    /** Not finished, may succeed later: report the message failed so the queue delivers it again. */
    record Retry(String reason, int attempts) implements JobOutcome {
    }

    /** Cannot succeed by retrying: dead-letter it with this reason. */
    record DeadLetter(FailureCode code, String detail, int attempts) implements JobOutcome {
    }
}
