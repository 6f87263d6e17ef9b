package dev.permalinker.worker.cma;

import java.time.Duration;
import java.util.Optional;

/**
 * One CMA answer: status, body text and the {@code Retry-After} delay if the API sent one (it usually does not).
 */
public record CmaResponse(int status, String body, Optional<Duration> retryAfter) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
